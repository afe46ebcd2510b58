using System.Text.Json;
using Kasparro.IntegrationTests.Infrastructure;

namespace Kasparro.IntegrationTests.Api;

/// <summary>HEAD, the headers of pages, /metrics' methods and what a failed run's message may show, on Kestrel.</summary>
[Trait("Storage", "Postgres")]
[Collection(HostileGatewayGroup.Name)]
public sealed class HttpHygieneTests(HostileGatewayFixture fixture)
{
    /// <summary>Headers that differ between two answers to the same request, or that frame the body (absent from a HEAD).</summary>
    private static readonly string[] Varying = ["Date", "X-Request-ID", "Transfer-Encoding", "Content-Length", "Last-Modified"];

    [Fact]
    public async Task HEAD_answers_as_GET_does_without_a_body()
    {
        string[] extra = ["/dashboard/", "/no/such/path", "/data?page=0", "/runs/not-a-uuid", "/sources/target/runs"];
        foreach (var route in HostileRequests.ReadRoutes(fixture.AlphaRunId).Concat(extra))
        {
            var get = await RawHttp.SendAsync(fixture.Port, RawHttp.Request("GET", route));
            var head = await RawHttp.SendAsync(fixture.Port, RawHttp.Request("HEAD", route), head: true);

            Assert.True(get.Status == head.Status, $"{route}: GET {get.Status}, HEAD {head.Status}");
            Assert.True(head.Body.Length == 0, $"HEAD {route} has a body of {head.Body.Length} bytes");
            Assert.Equal(Comparable(get), Comparable(head));
            if (head.Header("Content-Length") is { } length)
            {
                Assert.Equal(get.Header("Content-Length") ?? get.Body.Length.ToString(System.Globalization.CultureInfo.InvariantCulture), length);
            }
        }
    }

    [Theory]
    [InlineData("/docs/")]
    [InlineData("/dashboard/")]
    public async Task Pages_may_not_be_framed_or_sniffed(string page)
    {
        var answer = await RawHttp.SendAsync(fixture.Port, RawHttp.Request("GET", page));

        Assert.Equal(200, answer.Status);
        Assert.Equal("text/html", answer.MediaType);
        Assert.Equal("DENY", answer.Header("X-Frame-Options"));
        Assert.Equal("frame-ancestors 'none'", answer.Header("Content-Security-Policy"));
        Assert.Equal("nosniff", answer.Header("X-Content-Type-Options"));
        Assert.Null(answer.Header("Server"));
    }

    [Theory]
    [InlineData("POST")]
    [InlineData("PUT")]
    [InlineData("DELETE")]
    public async Task Metrics_answer_only_GET_and_HEAD(string method)
    {
        var answer = await RawHttp.SendAsync(fixture.Port, RawHttp.Request(method, "/metrics", body: "x"u8.ToArray()));
        using var problem = JsonDocument.Parse(answer.Body);

        Assert.Equal(405, answer.Status);
        Assert.Equal("GET, HEAD", answer.Header("Allow"));
        Assert.Equal("application/problem+json", answer.MediaType);
        Assert.Equal(answer.Header("X-Request-ID"), problem.RootElement.GetProperty("request_id").GetString());
    }

    [Fact]
    public async Task A_failed_runs_message_names_the_file_but_not_where_it_lives()
    {
        using var run = JsonDocument.Parse(await fixture.Http.GetStringAsync(new Uri($"/runs/{fixture.GoneRunId}", UriKind.Relative)));
        using var health = JsonDocument.Parse(await fixture.Http.GetStringAsync(new Uri("/health", UriKind.Relative)));

        var error = run.RootElement.GetProperty("error").GetString()!;
        Assert.Equal("source_not_found", run.RootElement.GetProperty("error_type").GetString());
        Assert.Contains("gone.csv", error, StringComparison.Ordinal);
        Assert.DoesNotContain(fixture.Directory, error, StringComparison.Ordinal);
        var reason = health.RootElement.GetProperty("etl_status").GetProperty("gone").GetProperty("reason").GetString()!;
        Assert.Contains("gone.csv", reason, StringComparison.Ordinal);
        Assert.DoesNotContain(fixture.Directory, reason, StringComparison.Ordinal);
    }

    private static string[] Comparable(RawResponse answer) =>
        [.. answer.Headers.Where(h => !Varying.Contains(h.Key, StringComparer.OrdinalIgnoreCase))
            .Select(h => $"{h.Key.ToLowerInvariant()}: {h.Value}").Order(StringComparer.Ordinal)];
}
