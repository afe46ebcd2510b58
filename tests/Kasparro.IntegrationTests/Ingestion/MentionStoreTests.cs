using Kasparro.Grains.Interfaces.Assets;
using Kasparro.Grains.Interfaces.News;
using Kasparro.Grains.Interfaces.Queries;
using Kasparro.Grains.Storage;
using Kasparro.IntegrationTests.Infrastructure;
using Npgsql;

namespace Kasparro.IntegrationTests.Ingestion;

/// <summary>The mention stores link alike: the same writes to PostgreSQL and to memory give the same symbols.</summary>
public sealed class MentionStoreTests
{
    private static readonly DateTime T0 = new(2024, 3, 1, 12, 0, 0, DateTimeKind.Utc);

    [Fact]
    public async Task Items_link_to_assets_stored_after_them_rewritten_items_link_again_and_a_repeat_changes_nothing()
    {
        var answers = new List<string>();
        var database = await TestPostgres.CreateMigratedDatabaseAsync("mentions");
        try
        {
            await using var postgres = NpgsqlDataSource.Create(database);
            var memory = new InMemoryIngestionStore();
            var stores = new (IIngestionStore Ingestion, IQueryStore Queries, IMentionStore Mentions)[]
            {
                (new PostgresIngestionStore(postgres), new PostgresQueryStore(postgres), new PostgresMentionStore(postgres)),
                (memory, memory, memory),
            };
            foreach (var (ingestion, queries, mentions) in stores)
            {
                var steps = new List<string>();
                async Task StepAsync(string name)
                {
                    var changed = await mentions.LinkAsync(CancellationToken.None);
                    var page = await queries.QueryNewsAsync(new NewsFilter("feed", null), new PageRequest(1, 10), CancellationToken.None);
                    steps.Add($"{name}:{changed}:" + string.Join(' ', page.Items.OrderBy(n => n.ItemKey, StringComparer.Ordinal)
                        .Select(n => n.ItemKey + "=" + string.Join('+', n.Symbols))));
                }

                await ingestion.WriteBatchAsync(Batch("feed", [News("n1", "Bitcoin and $ONE rally"), News("n2", "Quiet day", "ETH steady"), News("n3", "Nothing")]), CancellationToken.None);
                await StepAsync("no assets");
                await ingestion.WriteBatchAsync(Batch("market", quotes: [Quote("btc", "BTC", "Bitcoin"), Quote("eth", "ETH", "Ethereum")]), CancellationToken.None);
                await StepAsync("btc+eth");
                await StepAsync("again");
                // Harmony arrives; n1 (written before any asset) and n3 are matched against it only.
                await ingestion.WriteBatchAsync(Batch("market", quotes: [Quote("harmony", "ONE", "Harmony")]), CancellationToken.None);
                await StepAsync("one");
                // A feed rewrites n3 with a stale match (no symbols): it is matched against every asset again.
                await ingestion.WriteBatchAsync(Batch("feed", [News("n3", "Ethereum upgrade lands")]), CancellationToken.None);
                await StepAsync("rewritten");
                // A symbol under a second name links items that name it.
                await ingestion.WriteBatchAsync(Batch("other", quotes: [Quote("bitcoin-x", "BTC", "Digital Gold")]), CancellationToken.None);
                await ingestion.WriteBatchAsync(Batch("feed", [News("n4", "Digital Gold, again")]), CancellationToken.None);
                await StepAsync("second name");
                answers.Add(string.Join(" | ", steps));
            }
        }
        finally
        {
            await TestPostgres.DropDatabaseAsync(database);
        }

        Assert.Equal(
            "no assets:0:n1= n2= n3= | btc+eth:2:n1=BTC n2=ETH n3= | again:0:n1=BTC n2=ETH n3= | one:1:n1=BTC+ONE n2=ETH n3= | "
            + "rewritten:1:n1=BTC+ONE n2=ETH n3=ETH | second name:1:n1=BTC+ONE n2=ETH n3=ETH n4=BTC",
            answers[0]);
        Assert.Equal(answers[0], answers[1]);
    }

    [Fact]
    public async Task Assets_stored_before_any_news_item_are_registered_when_the_first_item_arrives()
    {
        var database = await TestPostgres.CreateMigratedDatabaseAsync("mentions_late");
        try
        {
            await using var postgres = NpgsqlDataSource.Create(database);
            var ingestion = new PostgresIngestionStore(postgres);
            var mentions = new PostgresMentionStore(postgres);
            await ingestion.WriteBatchAsync(Batch("market", quotes: [Quote("btc", "BTC", "Bitcoin")]), CancellationToken.None);
            Assert.Equal(0, await mentions.LinkAsync(CancellationToken.None));
            await using (var count = postgres.CreateCommand("SELECT count(*) FROM mention_assets"))
            {
                Assert.Equal(0L, (long)(await count.ExecuteScalarAsync())!); // nothing to link yet: no copy of the assets
            }

            await ingestion.WriteBatchAsync(Batch("feed", [News("n1", "Bitcoin rallies")]), CancellationToken.None);
            Assert.Equal(1, await mentions.LinkAsync(CancellationToken.None));
            var page = await new PostgresQueryStore(postgres).QueryNewsAsync(new NewsFilter("feed", null), new PageRequest(1, 10), CancellationToken.None);
            Assert.Equal(["BTC"], Assert.Single(page.Items).Symbols);
        }
        finally
        {
            await TestPostgres.DropDatabaseAsync(database);
        }
    }

    private static IngestionBatch Batch(string source, IReadOnlyList<NewsItem>? news = null, IReadOnlyList<AssetQuote>? quotes = null) =>
        new(source, Guid.NewGuid(), [.. (quotes ?? []).Select(q => q with { Source = source })], [], [.. (news ?? []).Select(n => n with { Source = source })]);

    private static NewsItem News(string key, string title, string? summary = null) =>
        new("feed", key, title, null, T0, summary, [], [], [], Guid.NewGuid());

    private static AssetQuote Quote(string id, string symbol, string name) =>
        new("market", id, symbol, name, 1m, 1m, 1m, 0m, T0, Guid.NewGuid());
}
