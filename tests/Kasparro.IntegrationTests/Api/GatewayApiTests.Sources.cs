using System.Net;

namespace Kasparro.IntegrationTests.Api;

/// <content>/sources, starting a run, failure injection and the API key on writes.</content>
public abstract partial class GatewayApiTests
{
    [Fact]
    public async Task Sources_lists_every_configured_source_with_its_state()
    {
        var reply = await GetAsync("/sources");

        Assert.Equal(HttpStatusCode.OK, reply.Status);
        AssertStamped(reply);
        var sources = reply.Body.GetProperty("sources");
        Assert.Equal(["alpha", "beta", "coingecko", "csv", "feed", "flaky", "injected", "manual", "off", "rss"], Strings(sources, "id"));
        var alpha = sources[0];
        Assert.Equal(
            ["id", "kind", "enabled", "interval", "interval_seconds", "next_due_at", "checkpoint", "active_run", "last_run", "failure_injection", "applied_renames", "paused"],
            Names(alpha));
        Assert.Equal(("csv", true, "01:00:00", 3600.0), (alpha.GetProperty("kind").GetString(), alpha.GetProperty("enabled").GetBoolean(),
            alpha.GetProperty("interval").GetString(), alpha.GetProperty("interval_seconds").GetDouble()));
        Assert.Equal(32, alpha.GetProperty("checkpoint").GetProperty("records_committed").GetInt64());
        Assert.StartsWith("line 33, byte ", alpha.GetProperty("checkpoint").GetProperty("position").GetString(), StringComparison.Ordinal);
        Assert.Equal(Fixture.Alpha2.RunId, alpha.GetProperty("last_run").GetProperty("run_id").GetGuid());
        var flaky = sources[5];
        Assert.Equal((true, 0L, "database_error"), (flaky.GetProperty("failure_injection").GetProperty("enabled").GetBoolean(),
            flaky.GetProperty("failure_injection").GetProperty("fail_at_record").GetInt64(), flaky.GetProperty("failure_injection").GetProperty("failure_type").GetString()));
        Assert.False(sources[8].GetProperty("enabled").GetBoolean());
    }

    [Fact]
    public async Task Starting_a_run_needs_the_key_and_answers_202_with_the_run()
    {
        AssertProblem(await SendAsync(HttpMethod.Post, "/sources/manual/runs"), HttpStatusCode.Unauthorized);
        var wrong = await SendAsync(HttpMethod.Post, "/sources/manual/runs", key: ApiFixture.ApiKey + "x");
        AssertProblem(wrong, HttpStatusCode.Unauthorized);
        Assert.Contains("X-API-Key", wrong.Response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);

        var accepted = await SendAsync(HttpMethod.Post, "/sources/manual/runs", key: ApiFixture.ApiKey);

        Assert.Equal(HttpStatusCode.Accepted, accepted.Status);
        AssertStamped(accepted);
        var runId = accepted.Body.GetProperty("run_id").GetGuid();
        Assert.Equal(("manual", "manual"), (accepted.Body.GetProperty("source").GetString(), accepted.Body.GetProperty("trigger").GetString()));
        Assert.Equal($"/runs/{runId}", accepted.Response.Headers.Location?.OriginalString);
        var done = await Infrastructure.Eventually.Until(() => GetAsync($"/runs/{runId}"),
            r => r.Body.GetProperty("status").GetString() != "running", TimeSpan.FromSeconds(60), "the manual run");
        Assert.Equal(("success", 3L), (done.Body.GetProperty("status").GetString(), done.Body.GetProperty("records_processed").GetInt64()));
    }

    [Fact]
    public async Task A_disabled_or_unknown_source_cannot_be_run()
    {
        var disabled = await SendAsync(HttpMethod.Post, "/sources/off/runs", key: ApiFixture.ApiKey);
        var unknown = await SendAsync(HttpMethod.Post, "/sources/nope/runs", key: ApiFixture.ApiKey);

        AssertProblem(disabled, HttpStatusCode.Conflict);
        Assert.Contains("Kasparro:Sources:off:Enabled", disabled.Body.GetProperty("detail").GetString(), StringComparison.Ordinal);
        AssertProblem(unknown, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Failure_injection_is_set_at_run_time_and_validated()
    {
        var body = new { enabled = true, probability = 0.25, fail_at_record = 7, failure_type = "rate_limit", seed = 42 };
        AssertProblem(await SendAsync(HttpMethod.Put, "/sources/injected/failure-injection", body: body), HttpStatusCode.Unauthorized);

        var set = await SendAsync(HttpMethod.Put, "/sources/injected/failure-injection", ApiFixture.ApiKey, body);

        Assert.Equal(HttpStatusCode.OK, set.Status);
        AssertStamped(set);
        Assert.Equal((true, 0.25, 7L, "rate_limit", 42), (set.Body.GetProperty("enabled").GetBoolean(), set.Body.GetProperty("probability").GetDouble(),
            set.Body.GetProperty("fail_at_record").GetInt64(), set.Body.GetProperty("failure_type").GetString(), set.Body.GetProperty("seed").GetInt32()));
        var listed = (await GetAsync("/sources")).Body.GetProperty("sources").EnumerateArray().Single(s => s.GetProperty("id").GetString() == "injected");
        Assert.Equal("rate_limit", listed.GetProperty("failure_injection").GetProperty("failure_type").GetString());

        AssertProblem(await SendAsync(HttpMethod.Put, "/sources/injected/failure-injection", ApiFixture.ApiKey, new { enabled = true, probability = 2 }),
            HttpStatusCode.BadRequest, "probability");
        AssertProblem(await SendAsync(HttpMethod.Put, "/sources/injected/failure-injection", ApiFixture.ApiKey, new { enabled = true, failure_type = "boom" }),
            HttpStatusCode.BadRequest, "failure_type");
        AssertProblem(await SendAsync(HttpMethod.Put, "/sources/injected/failure-injection", ApiFixture.ApiKey, new { probability = 0.5 }),
            HttpStatusCode.BadRequest, "enabled");
        AssertProblem(await SendAsync(HttpMethod.Put, "/sources/injected/failure-injection", ApiFixture.ApiKey, "{not json"), HttpStatusCode.BadRequest);
        AssertProblem(await SendAsync(HttpMethod.Put, "/sources/nope/failure-injection", ApiFixture.ApiKey, body), HttpStatusCode.NotFound);
    }
}
