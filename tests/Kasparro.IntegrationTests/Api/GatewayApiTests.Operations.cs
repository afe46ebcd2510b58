using System.Net;

namespace Kasparro.IntegrationTests.Api;

/// <content>/, /health and its probes, /metrics after runs, the OpenAPI document, /docs and the dashboard.</content>
public abstract partial class GatewayApiTests
{
    [Fact]
    public async Task Root_names_the_service_its_sources_and_links()
    {
        var reply = await GetAsync("/");

        Assert.Equal(HttpStatusCode.OK, reply.Status);
        AssertStamped(reply);
        Assert.Contains("alpha", reply.Body.GetProperty("sources").EnumerateArray().Select(s => s.GetString()));
        Assert.Equal("/docs", reply.Body.GetProperty("links").GetProperty("docs").GetString());
    }

    [Fact]
    public async Task Health_is_degraded_by_a_failed_source_and_reports_each_sources_etl_status()
    {
        var reply = await GetAsync("/health");

        Assert.Equal(HttpStatusCode.OK, reply.Status);
        AssertStamped(reply);
        Assert.Equal("degraded", reply.Body.GetProperty("status").GetString());
        Assert.Equal(1, reply.Body.GetProperty("active_silos").GetInt32());
        Assert.Contains(reply.Body.GetProperty("problems").EnumerateArray(), p => p.GetString()!.StartsWith("source 'flaky'", StringComparison.Ordinal));
        var etl = reply.Body.GetProperty("etl_status");
        var alpha = etl.GetProperty("alpha");
        Assert.Equal(["status", "enabled", "last_successful_run", "last_failed_run", "last_cursor", "records_processed", "reason"], Names(alpha));
        Assert.Equal(("success", 32L), (alpha.GetProperty("status").GetString(), alpha.GetProperty("records_processed").GetInt64()));
        Assert.StartsWith("line 33", alpha.GetProperty("last_cursor").GetProperty("position").GetString(), StringComparison.Ordinal);
        Assert.Equal("failed", etl.GetProperty("flaky").GetProperty("status").GetString());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, alpha.GetProperty("reason").ValueKind);
        Assert.NotNull(etl.GetProperty("flaky").GetProperty("reason").GetString());
        Assert.Equal("disabled", etl.GetProperty("off").GetProperty("status").GetString());
        Assert.Equal("never_run", etl.GetProperty("injected").GetProperty("status").GetString());
        Assert.Equal(Fixture.Alpha2.CompletedAt!.Value, alpha.GetProperty("last_successful_run").GetDateTime().ToUniversalTime(), TimeSpan.FromMilliseconds(1));

        Assert.Equal(HttpStatusCode.OK, (await GetAsync("/health/live")).Status);
        var ready = await GetAsync("/health/ready");
        Assert.Equal((HttpStatusCode.OK, "degraded"), (ready.Status, ready.Body.GetProperty("status").GetString()));
    }

    [Fact]
    public async Task Metrics_name_the_etl_and_data_series_after_runs()
    {
        string[] expected =
        [
            "kasparro_runs_total{otel_scope_name=\"Kasparro\",source=\"alpha\",status=\"success\"} 2",
            "kasparro_runs_total{otel_scope_name=\"Kasparro\",source=\"flaky\",status=\"failed\"} 1",
            "kasparro_records_total{otel_scope_name=\"Kasparro\",outcome=\"written\",source=\"alpha\"} 31",
            "kasparro_rejections_total{otel_scope_name=\"Kasparro\",reason=\"invalid_number\",source=\"alpha\"} 1",
            "kasparro_run_duration_seconds_count{otel_scope_name=\"Kasparro\",source=\"alpha\"} 2",
            "kasparro_assets{otel_scope_name=\"Kasparro\",source=\"alpha\"} 30",
            "kasparro_assets{otel_scope_name=\"Kasparro\",source=\"beta\"} 6",
            "kasparro_market_cap{otel_scope_name=\"Kasparro\",source=\"beta\"} 3900000",
            "kasparro_news_items{otel_scope_name=\"Kasparro\",source=\"feed\"} 4",
            "kasparro_last_success_timestamp_seconds{otel_scope_name=\"Kasparro\",source=\"alpha\"} ",
            "kasparro_last_failure_timestamp_seconds{otel_scope_name=\"Kasparro\",source=\"flaky\"} ",
            "kasparro_last_run_timestamp_seconds{otel_scope_name=\"Kasparro\",source=\"feed\"} ",
            "orleans_",
            "http_server_request_duration_seconds",
        ];

        // Counters are added just after a run is logged, the per-source gauges refresh at most once a
        // second from the stored aggregates, and the exporter may answer a scrape from its cache: every
        // series is waited for (the failure names the ones never seen), none is assumed present the
        // moment the fixture's runs are logged. Each scrape has its own bound, so one slow answer on a
        // busy machine is retried instead of using up the whole deadline.
        await Infrastructure.Eventually.Until(
            async () =>
            {
                using var scrape = new CancellationTokenSource(TimeSpan.FromSeconds(10));
                return Scrape.Of(await Fixture.Http.GetStringAsync(new Uri("/metrics", UriKind.Relative), scrape.Token), expected);
            },
            s => s.Missing.Count == 0,
            TimeSpan.FromSeconds(60), "every expected series in /metrics");
    }

    /// <summary>The expected series one scrape lacks (what a timeout reports, rather than the whole text).</summary>
    private sealed record Scrape(IReadOnlyList<string> Missing)
    {
        public static Scrape Of(string text, IEnumerable<string> expected) =>
            new([.. expected.Where(series => !text.Contains(series, StringComparison.Ordinal))]);

        public override string ToString() => $"missing: {string.Join(" | ", Missing)}";
    }

    [Fact]
    public async Task The_openapi_document_describes_the_api()
    {
        var reply = await GetAsync("/openapi/v1.json");

        Assert.Equal(HttpStatusCode.OK, reply.Status);
        var paths = Names(reply.Body.GetProperty("paths"));
        foreach (var path in new[] { "/data", "/data/{source}/{external_id}/history", "/news", "/runs", "/runs/{run_id}", "/compare-runs", "/stats", "/drift", "/sources", "/sources/{source}/runs", "/sources/{source}/failure-injection", "/health" })
        {
            Assert.Contains(path, paths);
        }

        Assert.Equal("ApiKey", reply.Body.GetProperty("components").GetProperty("securitySchemes").GetProperty("ApiKey").GetProperty("type").GetString(), ignoreCase: true);
        var parameters = reply.Body.GetProperty("paths").GetProperty("/data").GetProperty("get").GetProperty("parameters");
        Assert.Equal(["source", "symbol", "min_price", "max_price", "page", "per_page", "cursor"], Strings(parameters, "name"));
    }

    [Fact]
    public async Task The_docs_page_and_the_dashboard_are_served()
    {
        using var docs = await Fixture.Http.GetAsync(new Uri("/docs/", UriKind.Relative));
        using var dashboard = await Fixture.Http.GetAsync(new Uri("/dashboard/", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, docs.StatusCode);
        Assert.Equal("text/html", docs.Content.Headers.ContentType?.MediaType);
        Assert.Contains("openapi/v1.json", await docs.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, dashboard.StatusCode);
        Assert.Contains("Orleans Dashboard", await dashboard.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
