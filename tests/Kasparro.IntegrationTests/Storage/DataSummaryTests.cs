using Kasparro.Grains.Interfaces.Assets;
using Kasparro.Grains.Interfaces.News;
using Kasparro.Grains.Interfaces.Queries;
using Kasparro.Grains.Storage;
using Kasparro.IntegrationTests.Infrastructure;
using Npgsql;

namespace Kasparro.IntegrationTests.Storage;

/// <summary>
/// The data summary of migration 0013 stays exactly what counting the tables says, through the
/// store's own writes: inserts, upserts that change or keep a row, a batch written again (a reset or
/// replay re-reads it), news rewritten and linked, purges, and all of it at once from many writers.
/// </summary>
public sealed class DataSummaryTests(MigratedDatabaseFixture db) : IClassFixture<MigratedDatabaseFixture>
{
    private static readonly DateTime T0 = new(2024, 3, 1, 12, 0, 0, DateTimeKind.Utc);

    /// <summary>What the triggers replace: the figures counted from the tables themselves.</summary>
    private const string Counted = """
        SELECT coalesce(a.source, n.source), coalesce(a.assets, 0), coalesce(a.cap, 0), coalesce(n.news, 0)
        FROM (SELECT source, count(*) AS assets, coalesce(sum(market_cap), 0) AS cap FROM assets GROUP BY source) a
        FULL JOIN (SELECT source, count(*) AS news FROM news_items GROUP BY source) n ON n.source = a.source
        ORDER BY coalesce(a.source, n.source) COLLATE "C"
        """;

    [Fact]
    public async Task The_summary_follows_inserts_upserts_rewrites_replays_and_purges()
    {
        var tag = Guid.NewGuid().ToString("N")[..6];
        string a = "a-" + tag, b = "b-" + tag;
        await using var data = NpgsqlDataSource.Create(db.ConnectionString);
        var store = new PostgresIngestionStore(data);
        var queries = new PostgresQueryStore(data);

        var first = Quotes(a, 0, 10, T0, cap: i => i % 3 == 0 ? null : 100m + i);
        await store.WriteBatchAsync(Batch(a, first), CancellationToken.None);
        await store.WriteBatchAsync(Batch(b, Quotes(b, 0, 4, T0, cap: i => 0.5m)), CancellationToken.None);
        Assert.Equal([(a, 10L, 600m + 1 + 2 + 4 + 5 + 7 + 8, 0L), (b, 4L, 2m, 0L)], await SummaryAsync(queries, tag));
        await AssertExactAsync(queries, tag);

        // Written again (a reset or a replay re-reads the same rows): nothing moves.
        await store.WriteBatchAsync(Batch(a, first), CancellationToken.None);
        await AssertExactAsync(queries, tag);

        // Newer quotes: caps change (a known cap becomes unknown, an unknown one known), new assets come.
        await store.WriteBatchAsync(Batch(a, Quotes(a, 5, 15, T0.AddMinutes(1), cap: i => i % 2 == 0 ? null : 1_000_000.000001m * i)), CancellationToken.None);
        await AssertExactAsync(queries, tag);
        Assert.Equal(15, (await SummaryAsync(queries, tag)).Single(s => s.Source == a).Assets);

        // News: items written, rewritten with other content, written again, and linked to assets.
        await store.WriteBatchAsync(NewsBatch(b, 0, 6, "first"), CancellationToken.None);
        await store.WriteBatchAsync(NewsBatch(b, 3, 9, "second"), CancellationToken.None);
        await store.WriteBatchAsync(NewsBatch(b, 3, 9, "second"), CancellationToken.None);
        await TestPostgres.ExecuteAsync(db.ConnectionString, $"UPDATE news_items SET symbols = ARRAY['S1'] WHERE source = '{b}'");
        await AssertExactAsync(queries, tag);
        Assert.Equal(9, (await SummaryAsync(queries, tag)).Single(s => s.Source == b).NewsItems);

        // A purge takes a source out of the summary; the other keeps its figures.
        await store.PurgeSourceAsync(a, CancellationToken.None);
        await AssertExactAsync(queries, tag);
        Assert.DoesNotContain(await queries.GetDataSummariesAsync(CancellationToken.None), s => s.Source == a);

        // Run again from the start after the purge: counted anew.
        await store.WriteBatchAsync(Batch(a, first), CancellationToken.None);
        await AssertExactAsync(queries, tag);
        await store.PurgeSourceAsync(b, CancellationToken.None);
        Assert.Equal([(a, 10L, 600m + 1 + 2 + 4 + 5 + 7 + 8, 0L)], await SummaryAsync(queries, tag));
        await AssertExactAsync(queries, tag);
    }

    [Fact]
    public async Task The_summary_stays_exact_under_concurrent_writers_and_purges()
    {
        var tag = Guid.NewGuid().ToString("N")[..6];
        var sources = Enumerable.Range(0, 4).Select(i => $"c{i}-{tag}").ToArray();
        await using var data = NpgsqlDataSource.Create(db.ConnectionString);
        var store = new PostgresIngestionStore(data);
        var queries = new PostgresQueryStore(data);

        // Every source gets several writers at once (overlapping assets, newer and older quotes, news),
        // and two of them are purged while the others write.
        var work = new List<Func<Task>>();
        for (var round = 0; round < 6; round++)
        {
            foreach (var (source, i) in sources.Select((s, i) => (s, i)))
            {
                var r = round;
                work.Add(() => store.WriteBatchAsync(
                    Batch(source, Quotes(source, r * 20, (r * 20) + 60, T0.AddMinutes(r % 3), cap: k => (k + r) % 5 == 0 ? null : (k * 1.25m) + r)),
                    CancellationToken.None));
                work.Add(() => store.WriteBatchAsync(NewsBatch(source, r * 5, (r * 5) + 15, $"round {r % 2}"), CancellationToken.None));
                if (r == 3 && i % 2 == 0)
                {
                    work.Add(() => store.PurgeSourceAsync(source, CancellationToken.None));
                }
            }
        }

        await Parallel.ForEachAsync(work.OrderBy(_ => Random.Shared.Next()), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (w, _) => await w());

        await AssertExactAsync(queries, tag);
        Assert.NotEmpty(await SummaryAsync(queries, tag));
    }

    [Fact]
    public async Task The_migration_counts_what_was_stored_before_it()
    {
        var cs = await TestPostgres.CreateDatabaseAsync("datasum");
        try
        {
            foreach (var script in SchemaMigrator.ScriptNames.Where(n => string.CompareOrdinal(FileName(n), "0013") < 0))
            {
                await TestPostgres.ExecuteAsync(cs, Script(script));
            }

            await using (var data = NpgsqlDataSource.Create(cs))
            {
                var store = new PostgresIngestionStore(data);
                await store.WriteBatchAsync(Batch("old", Quotes("old", 0, 7, T0, cap: i => i == 2 ? null : 3m * i)), CancellationToken.None);
                await store.WriteBatchAsync(NewsBatch("news", 0, 5, "x"), CancellationToken.None);
            }

            // DbUp runs every script in a transaction, as this does.
            await TestPostgres.ExecuteAsync(cs, "BEGIN;\n" + Script(SchemaMigrator.ScriptNames.Single(n => FileName(n).StartsWith("0013_", StringComparison.Ordinal))) + "\nCOMMIT;");
            await using var after = NpgsqlDataSource.Create(cs);
            var queries = new PostgresQueryStore(after);
            Assert.Equal(
                [new DataSummary("news", 0, 0m, 5), new DataSummary("old", 7, 3m * (0 + 1 + 3 + 4 + 5 + 6), 0)],
                await queries.GetDataSummariesAsync(CancellationToken.None));
        }
        finally
        {
            await TestPostgres.DropDatabaseAsync(cs);
        }
    }

    private async Task AssertExactAsync(PostgresQueryStore queries, string tag)
    {
        var counted = new List<(string, long, decimal, long)>();
        await using (var connection = new NpgsqlConnection(db.ConnectionString))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand(Counted, connection);
            await using var r = await command.ExecuteReaderAsync();
            while (await r.ReadAsync())
            {
                if (r.GetString(0).EndsWith(tag, StringComparison.Ordinal))
                {
                    counted.Add((r.GetString(0), r.GetInt64(1), r.GetDecimal(2), r.GetInt64(3)));
                }
            }
        }

        Assert.Equal(counted, await SummaryAsync(queries, tag));
    }

    private static async Task<List<(string Source, long Assets, decimal Cap, long NewsItems)>> SummaryAsync(PostgresQueryStore queries, string tag) =>
        (await queries.GetDataSummariesAsync(CancellationToken.None))
            .Where(s => s.Source.EndsWith(tag, StringComparison.Ordinal))
            .Select(s => (s.Source, s.Assets, s.TotalMarketCap, s.NewsItems))
            .ToList();

    private static AssetQuote[] Quotes(string source, int from, int to, DateTime at, Func<int, decimal?> cap) =>
        Enumerable.Range(from, to - from)
            .Select(i => new AssetQuote(source, $"id-{i:D4}", $"S{i % 7}", $"Asset {i}", 1m + i, cap(i), 10, 0, at, Guid.NewGuid()))
            .ToArray();

    private static IngestionBatch Batch(string source, AssetQuote[] quotes) => new(source, Guid.NewGuid(), quotes, [], []);

    private static IngestionBatch NewsBatch(string source, int from, int to, string title) =>
        new(source, Guid.NewGuid(), [], [], Enumerable.Range(from, to - from)
            .Select(i => new NewsItem(source, $"k{i}", $"{title} {i}", null, T0.AddMinutes(i), null, [], [], [], Guid.NewGuid()))
            .ToArray());

    private static string FileName(string resource) => resource["Kasparro.Migrations.".Length..];

    private static string Script(string resource)
    {
        using var stream = typeof(SchemaMigrator).Assembly.GetManifestResourceStream(resource)!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
