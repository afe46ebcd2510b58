using System.Net;

namespace Kasparro.IntegrationTests.Api;

/// <content>Bad input is a 400 naming the parameter, unknown things are 404, and nothing is a 500.</content>
public abstract partial class GatewayApiTests
{
    [Theory]
    [InlineData("/data?page=0", "page")]
    [InlineData("/data?page=abc", "page")]
    [InlineData("/data?per_page=1000", "per_page")]
    [InlineData("/data?per_page=0", "per_page")]
    [InlineData("/data?min_price=abc", "min_price")]
    [InlineData("/data?max_price=-1", "max_price")]
    [InlineData("/data?min_price=5&max_price=1", "min_price")]
    [InlineData("/data?source=nope", "source")]
    [InlineData("/data?symbol=", "symbol")]
    [InlineData("/news?source=nope", "source")]
    [InlineData("/news?per_page=101", "per_page")]
    [InlineData("/runs?source=nope", "source")]
    [InlineData("/runs?status=done", "status")]
    [InlineData("/runs?limit=101", "limit")]
    [InlineData("/runs?limit=0", "limit")]
    [InlineData("/runs?limit=abc", "limit")]
    [InlineData("/runs?per_page=0", "per_page")]
    [InlineData("/runs?per_page=101", "per_page")]
    [InlineData("/runs?per_page=1.5", "per_page")]
    [InlineData("/runs?page=0", "page")]
    [InlineData("/runs?page=-1&per_page=5", "page")]
    [InlineData("/runs?per_page=5&limit=10", "limit")]
    [InlineData("/runs?per_page=abc&limit=5", "per_page")]
    [InlineData("/runs/not-a-uuid", "run_id")]
    [InlineData("/compare-runs", "run1_id")]
    [InlineData("/compare-runs?run1_id=abc&run2_id=00000000-0000-0000-0000-000000000001", "run1_id")]
    [InlineData("/stats?limit=0", "limit")]
    [InlineData("/stats?source=nope", "source")]
    [InlineData("/data/alpha/a-01/history?from=yesterday", "from")]
    [InlineData("/data/alpha/a-01/history?from=2024-02-01T00:00:00Z&to=2024-01-01T00:00:00Z", "from")]
    public async Task Malformed_or_out_of_range_input_is_400_naming_the_parameter(string url, string parameter) =>
        AssertProblem(await GetAsync(url), HttpStatusCode.BadRequest, parameter);

    [Fact]
    public async Task Runs_of_two_sources_cannot_be_compared()
    {
        var reply = await GetAsync($"/compare-runs?run1_id={Fixture.Alpha1.RunId}&run2_id={Fixture.Beta1.RunId}");

        AssertProblem(reply, HttpStatusCode.BadRequest);
        Assert.Contains("alpha", reply.Body.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/runs/3f2a1c52-1111-4444-8888-123456789abc")]
    [InlineData("/compare-runs?run1_id=3f2a1c52-1111-4444-8888-123456789abc&run2_id=3f2a1c52-1111-4444-8888-123456789abd")]
    [InlineData("/data/nope/a-01/history")]
    [InlineData("/data/alpha/no-such-asset/history")]
    [InlineData("/no/such/path")]
    public async Task Unknown_things_are_404_problems(string url) => AssertProblem(await GetAsync(url), HttpStatusCode.NotFound);

    [Theory]
    [InlineData("/data?page=2147483647&per_page=100")]
    [InlineData("/data?page=99999999999")]
    [InlineData("/data?min_price=1e400")]
    [InlineData("/data?min_price=79228162514264337593543950336")]
    [InlineData("/data?symbol=%00")]
    [InlineData("/data?source=&symbol=&page=&per_page=")]
    [InlineData("/data/alpha/%2F%2E%2E/history")]
    [InlineData("/data/alpha/a-01/history?from=9999-12-31T23:59:59Z&to=9999-12-31T23:59:59%2B14:00")]
    [InlineData("/news?symbol=%E2%82%BF")]
    [InlineData("/runs/%20")]
    [InlineData("/runs?page=2147483647&limit=100")]
    [InlineData("/compare-runs?run1_id=&run2_id=")]
    public async Task Odd_input_never_produces_a_500(string url)
    {
        var reply = await GetAsync(url);

        Assert.True((int)reply.Status < 500, $"{url} answered {(int)reply.Status}: {reply.Body}");
        AssertStamped(reply);
        if (reply.Status != HttpStatusCode.OK)
        {
            Assert.Equal("application/problem+json", reply.MediaType);
        }
    }

    [Fact]
    public async Task The_callers_request_id_is_kept()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("/data?page=0", UriKind.Relative));
        request.Headers.Add("X-Request-ID", "trace-me-42");
        using var response = await Fixture.Http.SendAsync(request);
        using var doc = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal("trace-me-42", doc.RootElement.GetProperty("request_id").GetString());
        Assert.Equal("trace-me-42", response.Headers.GetValues("X-Request-ID").Single());
    }
}
