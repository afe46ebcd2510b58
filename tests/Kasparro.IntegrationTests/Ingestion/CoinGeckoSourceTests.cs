using System.Diagnostics;
using Kasparro.Grains.Interfaces.Sources;
using Kasparro.IntegrationTests.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Kasparro.IntegrationTests.Ingestion;

/// <summary>The CoinGecko source against a local server serving recorded markets pages.</summary>
public sealed class CoinGeckoSourceTests
{
    // Attempts are timed out only where a test means them to be: a loopback answer on a busy machine
    // can take seconds, and an attempt timed out by accident is a retry the request counts do not expect.
    private static Task<IngestionHarness> StartAsync(Uri url, string pages = "2", string attemptTimeout = "00:00:30") =>
        IngestionHarness.StartAsync(null, [], new Dictionary<string, string?>
        {
            ["Kasparro:Sources:cg:Kind"] = "CoinGecko",
            ["Kasparro:Sources:cg:Url"] = url.ToString(),
            ["Kasparro:Sources:cg:Pages"] = pages,
            ["Kasparro:Sources:cg:PerPage"] = "3",
            ["Kasparro:Sources:cg:BatchSize"] = "3",
            ["Kasparro:Sources:cg:Interval"] = "01:00:00",
            ["Kasparro:Sources:cg:ApiKey"] = "demo-key",
            ["Kasparro:Sources:cg:Resilience:MinDelay"] = "00:00:00.050",
            ["Kasparro:Sources:cg:Resilience:MaxDelay"] = "00:00:02",
            ["Kasparro:Sources:cg:Resilience:MaxAttempts"] = "8",
            ["Kasparro:Sources:cg:Resilience:RequestsPerSecond"] = "100",
            ["Kasparro:Sources:cg:Resilience:AttemptTimeout"] = attemptTimeout,
        });

    private static Task Pages(HttpContext context) =>
        FakeApiServer.Json(context, context.Request.Query["page"] == "1" ? "coingecko_markets_page1.json" : "coingecko_markets_page2.json");

    [Fact]
    public async Task Markets_pages_become_unified_quotes()
    {
        await using var api = await FakeApiServer.StartAsync((c, _) => Pages(c));
        await using var h = await StartAsync(api.BaseUri);

        var run = await h.RunToEndAsync("cg");

        Assert.Equal(RunStatus.Success, run.Status);
        Assert.Equal(6, run.RecordsWritten);
        Assert.Equal(
            ["/api/v3/coins/markets?vs_currency=usd&order=market_cap_desc&per_page=3&page=1", "/api/v3/coins/markets?vs_currency=usd&order=market_cap_desc&per_page=3&page=2"],
            api.Requests);
        Assert.All(api.Headers, h => Assert.Equal("demo-key", h["x-cg-demo-api-key"]));
        var assets = await h.Store.GetAssetsAsync("cg", CancellationToken.None);
        var btc = assets.Single(a => a.ExternalId == "bitcoin");
        Assert.Equal(("BTC", "Bitcoin", 43250.12m, 847215669012m, 18402011213.5m, 2.15m), (btc.Symbol, btc.Name, btc.CurrentPrice, btc.MarketCap, btc.Volume24h, btc.PriceChange24h));
        Assert.Equal(new DateTime(2024, 1, 15, 10, 30, 0, 123, DateTimeKind.Utc), btc.LastUpdated);
        Assert.Equal(0m, assets.Single(a => a.ExternalId == "binancecoin").PriceChange24h); // a real zero stays zero
        Assert.True((await h.Source("cg").GetStatus()).Checkpoint.CoinGecko!.CycleComplete);
    }

    [Fact]
    public async Task Quotes_whose_last_updated_did_not_move_are_not_written_again()
    {
        var moved = false;
        await using var api = await FakeApiServer.StartAsync(async (c, _) =>
        {
            if (!moved || c.Request.Query["page"] != "1")
            {
                await Pages(c);
                return;
            }

            var json = await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "Fixtures", "coingecko_markets_page1.json"));
            c.Response.ContentType = "application/json";
            await c.Response.WriteAsync(json.Replace("2024-01-15T10:30:00.123Z", "2024-01-15T10:35:00.000Z", StringComparison.Ordinal));
        });
        await using var h = await StartAsync(api.BaseUri);

        var first = await h.RunToEndAsync("cg");
        var unchanged = await h.RunToEndAsync("cg");
        moved = true;
        var oneMoved = await h.RunToEndAsync("cg");

        Assert.Equal((6L, 0L, 1L), (first.RecordsWritten, unchanged.RecordsWritten, oneMoved.RecordsWritten));
        Assert.Equal(7, (await h.CountsAsync("cg")).Quotes); // bitcoin has two observations now
        var btc = (await h.Store.GetAssetsAsync("cg", CancellationToken.None)).Single(a => a.ExternalId == "bitcoin");
        Assert.Equal(new DateTime(2024, 1, 15, 10, 35, 0, DateTimeKind.Utc), btc.LastUpdated);
    }

    [Fact]
    public async Task A_429_with_retry_after_is_waited_out_and_then_succeeds()
    {
        await using var api = await FakeApiServer.StartAsync((c, n) => n == 1 ? FakeApiServer.Status(c, 429, "1") : Pages(c));
        await using var h = await StartAsync(api.BaseUri, pages: "1");

        var watch = Stopwatch.StartNew();
        var run = await h.RunToEndAsync("cg");

        Assert.Equal(RunStatus.Success, run.Status);
        Assert.Equal(2, api.Requests.Count);
        Assert.True(watch.Elapsed >= TimeSpan.FromSeconds(0.9), $"Retry-After: 1 was not honoured ({watch.Elapsed})");
    }

    [Theory]
    [InlineData(FailureType.NetworkError)]
    [InlineData(FailureType.RateLimit)]
    public async Task Injected_network_failures_go_through_the_pipeline_and_are_retried_like_real_ones(FailureType type)
    {
        await using var api = await FakeApiServer.StartAsync((c, _) => Pages(c));
        await using var h = await StartAsync(api.BaseUri);
        await h.Source("cg").SetFailureInjection(new FailureInjectionSettings(true, 0.5, null, type, Seed: 7));

        var run = await h.RunToEndAsync("cg");

        var injected = h.Silo.Host.Services.GetRequiredService<Kasparro.Grains.Resilience.HttpFailureInjection>().InjectedCount("cg");
        Assert.True(injected > 0, "seed 7 at probability 0.5 injected nothing");
        Assert.Equal(RunStatus.Success, run.Status); // every injected failure was retried away
        Assert.Equal(6, (await h.CountsAsync("cg")).Quotes);
    }

    [Fact]
    public async Task A_500_is_retried()
    {
        await using var api = await FakeApiServer.StartAsync((c, n) => n == 1 ? FakeApiServer.Status(c, 500) : Pages(c));
        await using var h = await StartAsync(api.BaseUri, pages: "1");

        Assert.Equal(RunStatus.Success, (await h.RunToEndAsync("cg")).Status);
        Assert.Equal(2, api.Requests.Count);
    }

    [Fact]
    public async Task A_server_that_keeps_failing_opens_the_circuit_and_the_next_run_fails_fast()
    {
        await using var api = await FakeApiServer.StartAsync((c, _) => FakeApiServer.Status(c, 503));
        await using var h = await StartAsync(api.BaseUri, pages: "1");

        var first = await h.RunToEndAsync("cg");
        var requests = api.Requests.Count;
        var second = await h.RunToEndAsync("cg");

        Assert.Equal(("network_error", 8), (first.ErrorType, requests)); // every attempt used
        Assert.Equal("circuit_open", second.ErrorType);
        Assert.Equal(requests, api.Requests.Count); // the open circuit kept the server alone
    }

    [Fact]
    public async Task A_404_fails_at_once_without_retrying()
    {
        await using var api = await FakeApiServer.StartAsync((c, _) => FakeApiServer.Status(c, 404));
        await using var h = await StartAsync(api.BaseUri, pages: "1");

        var run = await h.RunToEndAsync("cg");

        Assert.Equal(RunStatus.Failed, run.Status);
        Assert.Equal("http_error", run.ErrorType);
        Assert.Single(api.Requests);
    }

    [Fact]
    public async Task A_hanging_server_times_out_and_the_attempt_is_retried()
    {
        await using var api = await FakeApiServer.StartAsync(async (c, n) =>
        {
            if (n == 1)
            {
                // Hangs until the client gives up: only the attempt timeout can end this attempt.
                await Task.Delay(Timeout.InfiniteTimeSpan, c.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
                return;
            }

            await Pages(c);
        });
        // Long enough for the answered attempt on a busy machine (a second timeout would be a third request).
        await using var h = await StartAsync(api.BaseUri, pages: "1", attemptTimeout: "00:00:05");

        var run = await h.RunToEndAsync("cg");

        Assert.Equal(RunStatus.Success, run.Status);
        Assert.Equal(2, api.Requests.Count);
    }

    [Fact]
    public async Task Malformed_json_fails_the_run_with_its_reason_and_stores_nothing()
    {
        await using var api = await FakeApiServer.StartAsync((c, _) => c.Response.WriteAsync("[{\"id\": \"bitcoin\", "));
        await using var h = await StartAsync(api.BaseUri, pages: "1");

        var run = await h.RunToEndAsync("cg");

        Assert.Equal(RunStatus.Failed, run.Status);
        Assert.Equal("validation_error", run.ErrorType);
        Assert.Contains("not valid JSON", run.ErrorMessage, StringComparison.Ordinal);
        Assert.Equal(0, (await h.CountsAsync("cg")).Quotes);
    }

    [Fact]
    public async Task A_run_that_fails_on_page_two_resumes_at_page_two()
    {
        var failPageTwo = true;
        await using var api = await FakeApiServer.StartAsync((c, _) =>
            c.Request.Query["page"] == "2" && failPageTwo ? FakeApiServer.Status(c, 404) : Pages(c));
        await using var h = await StartAsync(api.BaseUri);

        var failed = await h.RunToEndAsync("cg");
        failPageTwo = false;
        var before = api.Requests.Count;
        var resumed = await h.RunToEndAsync("cg");

        Assert.Equal(RunStatus.Failed, failed.Status);
        Assert.Equal(2, failed.CheckpointAfter!.CoinGecko!.NextPage);
        Assert.Equal(RunStatus.Success, resumed.Status);
        Assert.EndsWith("page=2", api.Requests.Skip(before).First(), StringComparison.Ordinal);
        Assert.Equal(3, resumed.RecordsRead);
        Assert.Equal(6, (await h.CountsAsync("cg")).Quotes);
    }
}
