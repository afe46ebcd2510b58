using Kasparro.Grains.Interfaces.News;
using Kasparro.Grains.Interfaces.Queries;
using Kasparro.Grains.Interfaces.Sources;
using Kasparro.IntegrationTests.Clustering;
using Kasparro.IntegrationTests.Infrastructure;

namespace Kasparro.IntegrationTests.Ingestion;

/// <summary>
/// News items link to the assets they mention whichever source ran first, read through the news
/// query grain the gateway uses, in memory and on PostgreSQL.
/// </summary>
public sealed class MentionLinkTests(PostgresClusterFixture db) : IClassFixture<PostgresClusterFixture>
{
    // The mentions of news_rss.xml against the coins of RssSourceTests (see its first test).
    private const string Expected =
        "a1b2c3d4-0001=BTC+ETH a1b2c3d4-0002= a1b2c3d4-0003=ONE+SOL https://news.example/policy/2024/01/15/stablecoins/=USDT";

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task News_read_before_any_market_data_link_to_the_assets_a_later_market_run_stores(bool postgres)
    {
        await using var h = await StartAsync(postgres);

        Assert.Equal(RunStatus.Success, (await h.RunToEndAsync("news")).Status);
        var before = await NewsAsync(h, null);
        await File.WriteAllTextAsync(h.FileOf("coins"), RssSourceTests.Coins);
        Assert.Equal(RunStatus.Success, (await h.RunToEndAsync("coins")).Status);

        Assert.Equal(4, before.TotalItems);
        Assert.All(before.Items, n => Assert.Empty(n.Symbols));
        Assert.Equal(Expected, Links(await NewsAsync(h, null)));
        var eth = await NewsAsync(h, "ETH");
        Assert.Equal((1L, "a1b2c3d4-0001"), (eth.TotalItems, Assert.Single(eth.Items).ItemKey));
        Assert.Equal("a1b2c3d4-0003", Assert.Single((await NewsAsync(h, "ONE")).Items).ItemKey);
        // Linked by the market run alone: the feed ran once.
        Assert.Single(await h.Source("news").GetRecentRuns(10));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task News_read_after_the_market_data_are_linked_as_they_are_written(bool postgres)
    {
        await using var h = await StartAsync(postgres);
        await File.WriteAllTextAsync(h.FileOf("coins"), RssSourceTests.Coins);

        Assert.Equal(RunStatus.Success, (await h.RunToEndAsync("coins")).Status);
        Assert.Equal(RunStatus.Success, (await h.RunToEndAsync("news")).Status);

        Assert.Equal(Expected, Links(await NewsAsync(h, null)));
        Assert.Equal("a1b2c3d4-0001", Assert.Single((await NewsAsync(h, "BTC")).Items).ItemKey);
    }

    [Fact]
    public async Task A_later_market_run_adds_the_links_of_its_new_assets_and_keeps_the_old_ones()
    {
        await using var h = await StartAsync(postgres: true);
        var lines = RssSourceTests.Coins.Split('\n');
        // Bitcoin and Ethereum first; the rest (Solana, Harmony, Tether, Cardano) in a second run.
        await File.WriteAllTextAsync(h.FileOf("coins"), string.Join('\n', lines[..3]) + "\n");
        Assert.Equal(RunStatus.Success, (await h.RunToEndAsync("coins")).Status);
        Assert.Equal(RunStatus.Success, (await h.RunToEndAsync("news")).Status);
        var first = Links(await NewsAsync(h, null));

        await File.WriteAllTextAsync(h.FileOf("coins"), RssSourceTests.Coins);
        Assert.Equal(RunStatus.Success, (await h.RunToEndAsync("coins")).Status);

        Assert.Equal("a1b2c3d4-0001=BTC+ETH a1b2c3d4-0002= a1b2c3d4-0003= https://news.example/policy/2024/01/15/stablecoins/=", first);
        Assert.Equal(Expected, Links(await NewsAsync(h, null)));
        Assert.Equal(
            0L,
            await TestPostgres.ScalarAsync<long>(h.ConnectionString!, "SELECT count(*) FROM news_items WHERE mentions_version <> (SELECT max(seq) FROM mention_assets)"));
    }

    private async Task<IngestionHarness> StartAsync(bool postgres) =>
        await IngestionHarness.StartAsync(postgres ? await db.NewDatabaseAsync() : null, [("coins", 100)], new Dictionary<string, string?>
        {
            ["Kasparro:Sources:news:Kind"] = "Rss",
            ["Kasparro:Sources:news:Url"] = Path.Combine(AppContext.BaseDirectory, "Fixtures", "news_rss.xml"),
            ["Kasparro:Sources:news:Interval"] = "01:00:00",
        });

    private static Task<Page<NewsItem>> NewsAsync(IngestionHarness h, string? symbol) =>
        h.Silo.Grains.GetGrain<INewsQueryGrain>(0).GetNews(new NewsFilter(null, symbol), new PageRequest(1, 100));

    private static string Links(Page<NewsItem> page) =>
        string.Join(' ', page.Items.OrderBy(n => n.ItemKey, StringComparer.Ordinal).Select(n => n.ItemKey + "=" + string.Join('+', n.Symbols)));
}
