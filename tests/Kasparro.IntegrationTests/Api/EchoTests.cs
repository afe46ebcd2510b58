using System.Text;
using System.Text.Json;
using Kasparro.Api.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Kasparro.IntegrationTests.Api;

/// <summary>The echo rule, the last-line bound on problems, and the duplicate key scan, without a gateway.</summary>
public sealed class EchoTests
{
    [Theory]
    [InlineData("alpha", "'alpha'")]
    [InlineData("", "''")]
    [InlineData(null, "(none)")]
    [InlineData("a\nb", @"'a\u000Ab'")]
    [InlineData("a\u0000b\u007f\u0085", @"'a\u0000b\u007F\u0085'")]
    [InlineData("abc\u202Edef", @"'abc\u202Edef'")] // right-to-left override
    [InlineData("a\u200Bb\uFEFF", @"'a\u200Bb\uFEFF'")] // zero-width space, byte order mark
    [InlineData("a\u2028b", @"'a\u2028b'")] // line separator
    [InlineData("₿ 😀 é", "'₿ 😀 é'")] // what shows as itself stays itself
    public void Short_values_are_quoted_with_hidden_characters_escaped(string? text, string expected) =>
        Assert.Equal(expected, Echo.Quote(text));

    [Fact]
    public void Lone_surrogates_and_hidden_characters_beyond_the_bmp_are_escaped()
    {
        // Not theory data: a lone surrogate would not survive the test runner's serialization of it.
        Assert.Equal(@"'a\uD800b\uDC00'", Echo.Quote("a\uD800b\uDC00"));
        Assert.Equal(@"'a\uDB40\uDC41b'", Echo.Quote("a\U000E0041b")); // an invisible tag character
    }

    [Fact]
    public void A_long_value_is_clipped_with_its_length_after_the_quote()
    {
        var text = new string('x', 10_000);

        var quoted = Echo.Quote(text);

        Assert.Equal($"'{new string('x', Echo.Limit)}…' (10000 characters, clipped)", quoted);
        Assert.Equal(new string('x', Echo.Limit) + "…", Echo.Token(text));
    }

    [Fact]
    public void A_value_of_exactly_the_limit_is_not_clipped() =>
        Assert.Equal($"'{new string('y', Echo.Limit)}'", Echo.Quote(new string('y', Echo.Limit)));

    [Fact]
    public void Clipping_never_splits_a_surrogate_pair()
    {
        var text = new string('x', Echo.Limit - 1) + "😀😀";

        var token = Echo.Token(text);

        Assert.Equal(new string('x', Echo.Limit - 1) + "…", token);
        Assert.DoesNotContain(@"\uD83D", token, StringComparison.Ordinal);
    }

    [Fact]
    public void A_clip_full_of_controls_stays_bounded()
    {
        var token = Echo.Token(new string('\u0001', 1_000_000));

        Assert.Equal((Echo.Limit * 6) + 1, token.Length);
        Assert.StartsWith(@"\u0001\u0001", token, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_problem_written_is_bounded_whoever_made_it()
    {
        var problem = new HttpValidationProblemDetails(new Dictionary<string, string[]>
        {
            [new string('k', 500)] = [new string('m', 50_000)],
            ["page"] = ["fine\r\n"],
        })
        {
            Title = new string('t', 1000),
            Detail = new string('d', 1_000_000) + "\n",
            Instance = "/no/" + new string('p', 10_000),
        };

        ApiProblems.Bound(problem);

        Assert.Equal(ApiProblems.MaxTitle + 1, problem.Title!.Length);
        Assert.Equal(ApiProblems.MaxDetail + 1, problem.Detail!.Length);
        Assert.EndsWith("…", problem.Detail, StringComparison.Ordinal);
        Assert.Equal(ApiProblems.MaxInstance + 1, problem.Instance!.Length);
        Assert.Equal([new string('k', Echo.Limit) + "…", "page"], problem.Errors.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(ApiProblems.MaxDetail + 1, problem.Errors[new string('k', Echo.Limit) + "…"][0].Length);
        Assert.Equal(@"fine\u000D\u000A", problem.Errors["page"][0]);
    }

    [Fact]
    public void A_short_problem_is_left_as_it_is()
    {
        var problem = new ProblemDetails { Title = "Not found", Detail = "No source 'x' is configured.", Instance = "/sources/x/runs" };

        ApiProblems.Bound(problem);

        Assert.Equal(("Not found", "No source 'x' is configured.", "/sources/x/runs"), (problem.Title, problem.Detail, problem.Instance));
    }

    [Theory]
    [InlineData("""{"a":1,"A":2}""", "a", "A")]
    [InlineData("""{"a":1,"a":2}""", "a", "a")]
    [InlineData("""{"x":{"b":1,"c":{"d":1,"D":[]}}}""", "d", "D")]
    [InlineData("""{"\u00e9":1,"\u00c9":2}""", "é", "É")]
    [InlineData("""{"a\u0062":1,"ab":2}""", "ab", "ab")]
    public void Duplicate_keys_are_found_in_any_case_and_at_any_depth(string json, string first, string again) =>
        Assert.Equal((first, again), JsonBody.FindDuplicate(Encoding.UTF8.GetBytes(json), Options()));

    [Theory]
    [InlineData("""{"a":1,"b":2}""")]
    [InlineData("""[{"a":1},{"a":2}]""")]
    [InlineData("""{"a":{"a":1},"b":{"a":2}}""")]
    [InlineData("""{"a_b":1,"ab":2,"aB_":3}""")]
    [InlineData("null")]
    public void Keys_in_different_objects_or_spelled_otherwise_are_no_duplicates(string json) =>
        Assert.Null(JsonBody.FindDuplicate(Encoding.UTF8.GetBytes(json), Options()));

    [Fact]
    public void Invalid_json_is_a_json_exception_for_the_caller_to_answer() =>
        Assert.ThrowsAny<JsonException>(() => JsonBody.FindDuplicate("{\"a\":"u8, Options()));

    private static JsonSerializerOptions Options() => new(JsonSerializerDefaults.Web);
}
