using Kasparro.Grains.Interfaces.Sources;
using Kasparro.IntegrationTests.Clustering;
using Kasparro.IntegrationTests.Infrastructure;
using Microsoft.AspNetCore.Http;

namespace Kasparro.IntegrationTests.Ingestion;

/// <summary>RSS and Atom feeds into news items, on PostgreSQL, with known assets from a CSV source.</summary>
public sealed class RssSourceTests(PostgresClusterFixture db) : IClassFixture<PostgresClusterFixture>
{
    internal const string Coins = """
        id,symbol,name,price,market_cap,volume_24h,price_change_24h,timestamp
        bitcoin,btc,Bitcoin,43000,1,1,1,2024-01-15T10:00:00Z
        ethereum,eth,Ethereum,2300,1,1,1,2024-01-15T10:00:00Z
        solana,sol,Solana,98,1,1,1,2024-01-15T10:00:00Z
        harmony,one,Harmony,0.02,1,1,1,2024-01-15T10:00:00Z
        tether,usdt,Tether,1,1,1,1,2024-01-15T10:00:00Z
        cardano,ada,Cardano,0.5,1,1,1,2024-01-15T10:00:00Z
        """;

    private async Task<IngestionHarness> StartAsync(string feed, string? maxBytes = null)
    {
        var h = await IngestionHarness.StartAsync(await db.NewDatabaseAsync(), [("coins", 100)], new Dictionary<string, string?>
        {
            ["Kasparro:Sources:news:Kind"] = "Rss",
            ["Kasparro:Sources:news:Url"] = Path.Combine(AppContext.BaseDirectory, "Fixtures", feed),
            ["Kasparro:Sources:news:Interval"] = "01:00:00",
            ["Kasparro:Sources:news:MaxFeedBytes"] = maxBytes,
        });
        await File.WriteAllTextAsync(h.FileOf("coins"), Coins);
        Assert.Equal(RunStatus.Success, (await h.RunToEndAsync("coins")).Status);
        return h;
    }

    [Fact]
    public async Task An_rss_feed_becomes_news_items_with_their_mentions_and_a_second_run_reads_nothing()
    {
        await using var h = await StartAsync("news_rss.xml");

        var first = await h.RunToEndAsync("news");
        var second = await h.RunToEndAsync("news");

        Assert.Equal(RunStatus.Success, first.Status);
        Assert.Equal((4L, 4L), (first.RecordsRead, first.RecordsWritten));
        Assert.Equal(4, (await h.CountsAsync("news")).News);
        Assert.Equal(0, second.RecordsRead);
        var symbols = await TestPostgres.ScalarAsync<string>(h.ConnectionString!,
            "SELECT string_agg(item_key || '=' || array_to_string(symbols, '+'), ' ' ORDER BY item_key) FROM news_items");
        // The item keyed by its link (no guid) mentions Tether by name; "One analyst" is not ONE.
        Assert.Equal(
            "a1b2c3d4-0001=BTC+ETH a1b2c3d4-0002= a1b2c3d4-0003=ONE+SOL https://news.example/policy/2024/01/15/stablecoins/=USDT",
            symbols);
        var summary = await TestPostgres.ScalarAsync<string>(h.ConnectionString!, "SELECT summary FROM news_items WHERE item_key = 'a1b2c3d4-0001'");
        Assert.Equal("BTC rose 2% while Ethereum lagged. Traders eye the & ETF data.", summary);
    }

    [Fact]
    public async Task A_feed_served_over_http_is_read_through_the_source_client()
    {
        await using var api = await FakeApiServer.StartAsync(async (c, n) =>
        {
            if (n == 1)
            {
                await FakeApiServer.Status(c, 502); // transient: retried
                return;
            }

            c.Response.ContentType = "application/rss+xml";
            await c.Response.SendFileAsync(Path.Combine(AppContext.BaseDirectory, "Fixtures", "news_rss.xml"));
        });
        await using var h = await IngestionHarness.StartAsync(await db.NewDatabaseAsync(), [], new Dictionary<string, string?>
        {
            ["Kasparro:Sources:news:Kind"] = "Rss",
            ["Kasparro:Sources:news:Url"] = new Uri(api.BaseUri, "/feed.xml").AbsoluteUri,
            ["Kasparro:Sources:news:Interval"] = "01:00:00",
            ["Kasparro:Sources:news:Resilience:MinDelay"] = "00:00:00.050",
        });

        var run = await h.RunToEndAsync("news");

        Assert.Equal(RunStatus.Success, run.Status);
        Assert.Equal(4, (await h.CountsAsync("news")).News);
        Assert.Equal(["/feed.xml", "/feed.xml"], api.Requests);
    }

    [Fact]
    public async Task An_atom_feed_is_read_too()
    {
        await using var h = await StartAsync("news_atom.xml");

        var run = await h.RunToEndAsync("news");

        Assert.Equal(RunStatus.Success, run.Status);
        Assert.Equal("ADA", await TestPostgres.ScalarAsync<string>(h.ConnectionString!, "SELECT array_to_string(symbols, ',') FROM news_items"));
    }

    [Theory]
    [InlineData("xml_bomb.xml", null, "DTD")]
    [InlineData("news_rss.xml", "1000", "larger than")]
    [InlineData("malformed.xml", null, "not safe, well-formed")]
    public async Task An_xml_bomb_a_malformed_or_an_oversized_feed_fails_the_run_with_its_reason_and_stores_nothing(string feed, string? maxBytes, string reason)
    {
        await using var h = await StartAsync(feed, maxBytes);

        var run = await h.RunToEndAsync("news");

        Assert.Equal(RunStatus.Failed, run.Status);
        Assert.Equal("validation_error", run.ErrorType);
        Assert.Contains(reason, run.ErrorMessage, StringComparison.Ordinal);
        Assert.Equal(0, (await h.CountsAsync("news")).News);
    }
}
