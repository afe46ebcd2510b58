using System.Net;
using Kasparro.Api.Http;

namespace Kasparro.IntegrationTests.Api;

/// <content>
/// What a client sends comes back clipped and with its hidden characters shown: a huge value never
/// makes a huge answer. And a JSON body that names a key twice, in any case, is refused.
/// </content>
public abstract partial class GatewayApiTests
{
    /// <summary>No answer that echoes input is larger than this, whatever the input's size.</summary>
    private const int MaxEchoAnswer = 3 * 1024;

    private static readonly string Long = new('x', 5000);

    [Fact]
    public async Task A_10_MB_failure_type_is_a_400_of_a_few_kilobytes()
    {
        var huge = new string('z', 10 * 1024 * 1024);
        var body = $$"""{"enabled":true,"failure_type":"{{huge}}"}""";

        var reply = await SendAsync(HttpMethod.Put, "/sources/injected/failure-injection", ApiFixture.ApiKey, body);

        AssertProblem(reply, HttpStatusCode.BadRequest, "failure_type");
        AssertSmallEcho(reply);
        Assert.Contains($"({huge.Length} characters, clipped)", reply.Body.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    public static TheoryData<string, HttpStatusCode> LongInRoutes => new()
    {
        { $"/data/{Long}/a-01/history", HttpStatusCode.NotFound },
        { $"/data/alpha/{Long}/history", HttpStatusCode.NotFound },
        { $"/runs/{Long}", HttpStatusCode.BadRequest },
        { $"/no/such/{Long}", HttpStatusCode.NotFound },
    };

    [Theory]
    [MemberData(nameof(LongInRoutes))]
    public async Task A_long_id_in_a_path_comes_back_clipped(string url, HttpStatusCode status)
    {
        var reply = await GetAsync(url);

        AssertProblem(reply, status);
        AssertSmallEcho(reply);
    }

    [Fact]
    public async Task A_long_source_id_in_a_write_comes_back_clipped()
    {
        var run = await SendAsync(HttpMethod.Post, $"/sources/{Long}/runs", ApiFixture.ApiKey);
        var inject = await SendAsync(HttpMethod.Put, $"/sources/{Long}/failure-injection", ApiFixture.ApiKey, new { enabled = true });

        foreach (var reply in new[] { run, inject })
        {
            AssertProblem(reply, HttpStatusCode.NotFound);
            AssertSmallEcho(reply);
            Assert.Contains($"({Long.Length} characters, clipped)", reply.Body.GetProperty("detail").GetString(), StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("/data?source={0}", "source")]
    [InlineData("/data?symbol={0}", "symbol")]
    [InlineData("/data?min_price={0}", "min_price")]
    [InlineData("/data?page={0}", "page")]
    [InlineData("/data?cursor={0}", "cursor")]
    [InlineData("/news?per_page={0}", "per_page")]
    [InlineData("/runs?status={0}", "status")]
    [InlineData("/runs?limit={0}", "limit")]
    [InlineData("/compare-runs?run1_id={0}&run2_id={0}", "run2_id")]
    [InlineData("/drift?drift_detected={0}", "drift_detected")]
    [InlineData("/stats?limit={0}", "limit")]
    [InlineData("/data/alpha/a-01/history?to={0}", "to")]
    public async Task A_long_query_value_comes_back_clipped(string template, string parameter)
    {
        var reply = await GetAsync(string.Format(System.Globalization.CultureInfo.InvariantCulture, template, Long));

        AssertProblem(reply, HttpStatusCode.BadRequest, parameter);
        AssertSmallEcho(reply);
        Assert.Contains($"({Long.Length} characters, clipped)", reply.Body.GetProperty("errors").GetProperty(parameter)[0].GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Control_and_bidi_characters_in_an_echo_are_shown_as_escapes()
    {
        // A line feed, an escape (a terminal's colour codes start with it) and a right-to-left override.
        var reply = await GetAsync("/data?source=a%0Ab%1B%5B31m%E2%80%AEc");

        AssertProblem(reply, HttpStatusCode.BadRequest, "source");
        var detail = reply.Body.GetProperty("detail").GetString()!;
        Assert.Contains(@"'a\u000Ab\u001B[31m\u202Ec'", detail, StringComparison.Ordinal);
        Assert.DoesNotContain(detail, c => c is '\n' or '\u001b' or '\u202e');
    }

    [Theory]
    [InlineData("""{"enabled":false,"Enabled":true}""", "enabled", "Enabled")]
    [InlineData("""{"enabled":true,"enabled":false}""", "enabled", null)]
    [InlineData("""{"enabled":true,"probability":0.5,"PROBABILITY":0.1}""", "probability", "PROBABILITY")]
    [InlineData("""{"enabled":true,"en\u0061bled":false}""", "enabled", null)]
    [InlineData("""{"enabled":true,"note":1,"Note":2}""", "note", "Note")]
    [InlineData("""{"enabled":true,"extra":{"a":1,"A":2}}""", "a", "A")]
    public async Task A_json_key_given_twice_in_any_case_is_a_400_naming_it(string body, string key, string? again)
    {
        var reply = await SendAsync(HttpMethod.Put, "/sources/injected/failure-injection", ApiFixture.ApiKey, body);

        AssertProblem(reply, HttpStatusCode.BadRequest, key);
        var detail = reply.Body.GetProperty("detail").GetString()!;
        Assert.Contains($"names the key '{key}' twice", detail, StringComparison.Ordinal);
        if (again is not null)
        {
            Assert.Contains($"(also as '{again}')", detail, StringComparison.Ordinal);
        }

        // Refused whole: nothing of the request is applied (the PROBABILITY row would set 0.1).
        var listed = (await GetAsync("/sources")).Body.GetProperty("sources").EnumerateArray().Single(s => s.GetProperty("id").GetString() == "injected");
        Assert.NotEqual(0.1, listed.GetProperty("failure_injection").GetProperty("probability").GetDouble());
    }

    [Fact]
    public async Task The_same_key_in_two_objects_of_an_array_is_no_duplicate()
    {
        // Objects in an array are separate objects; only the unknown key "extra" holds them, so the body is valid.
        var reply = await SendAsync(HttpMethod.Put, "/sources/manual/failure-injection", ApiFixture.ApiKey,
            """{"enabled":false,"extra":[{"a":1},{"a":2}]}""");

        Assert.Equal(HttpStatusCode.OK, reply.Status);
    }

    private static void AssertSmallEcho(Reply reply)
    {
        var text = reply.Body.GetRawText();
        Assert.True(text.Length < MaxEchoAnswer, $"the answer is {text.Length} characters: {text[..Math.Min(text.Length, 500)]}");
        // A value in a message is at most Echo.Limit characters; instance repeats up to MaxInstance of the path.
        var messages = (reply.Body.TryGetProperty("detail", out var detail) ? detail.GetString() : "")
            + (reply.Body.TryGetProperty("errors", out var errors) ? errors.GetRawText() : "");
        foreach (var c in "xz")
        {
            Assert.DoesNotContain(new string(c, Echo.Limit + 1), messages, StringComparison.Ordinal);
            Assert.DoesNotContain(new string(c, ApiProblems.MaxInstance + 1), text, StringComparison.Ordinal);
        }
    }
}
