using System.Globalization;
using Kasparro.Api.Http;
using Kasparro.Grains.Interfaces.Assets;
using Kasparro.Grains.Interfaces.Queries;
using Kasparro.Grains.Storage;
using Kasparro.IntegrationTests.Infrastructure;
using Npgsql;

namespace Kasparro.IntegrationTests.Api;

/// <summary>
/// Keyset (cursor) pages of the asset list in PostgreSQL and in memory: walking the whole list by cursor
/// gives the list as the offset pages give it, in both stores alike, through equal caps (1.5 and 1.50
/// too), caps without a value, decimals at the edge of their precision and sources and ids whose byte
/// ("C") order is not their culture order ("B" before "a"); and rows written while a client walks do not
/// repeat or hide the rows at or before its cursor.
/// </summary>
public sealed class QueryCursorTests
{
    private static readonly DateTime T0 = new(2024, 3, 1, 12, 0, 0, DateTimeKind.Utc);

    private static readonly decimal?[] Caps =
        [1000m, 1000m, null, 1.50m, 1.5m, 123456789012345678.123456789m, 0.0000001m, null, 1000m, 7m, 79228162514264337593543950335m];

    private static readonly string[] Ids = ["x", "Y", "a", "Z", "\u00e9", "b1", "B1", "_", "0", "~", "a b"];

    [Theory]
    [InlineData(null, null, null, 1)]
    [InlineData(null, null, null, 2)]
    [InlineData(null, null, null, 7)]
    [InlineData("a", null, null, 2)]
    [InlineData("B", null, null, 3)]
    [InlineData(null, "S1", null, 1)]
    [InlineData(null, null, "2", 4)]
    [InlineData("a", null, "1", 1)]
    public async Task Walking_by_cursor_gives_the_offset_list_in_both_stores(string? source, string? symbol, string? min, int size)
    {
        var filter = new AssetFilter(source, symbol, min is null ? null : decimal.Parse(min, CultureInfo.InvariantCulture), null);
        var database = await TestPostgres.CreateMigratedDatabaseAsync("cursor");
        try
        {
            await using var postgres = NpgsqlDataSource.Create(database);
            var walks = new List<string[]>();
            foreach (var (writer, reader) in Stores(postgres))
            {
                foreach (var (s, offset) in new[] { ("B", 0), ("a", 3), ("b", 5) })
                {
                    await writer.WriteBatchAsync(new IngestionBatch(s, Guid.NewGuid(), Quotes(s, offset, T0), [], []), CancellationToken.None);
                }

                var whole = await reader.QueryAssetsAsync(filter, new PageRequest(1, 100), CancellationToken.None);
                var walked = await WalkAsync(reader, filter, size, null);

                Assert.Equal(Keys(whole.Items), walked.Keys);
                Assert.All(walked.Totals, t => Assert.Equal(whole.TotalItems, t));
                walks.Add(walked.Keys);
            }

            Assert.Equal(walks[1], walks[0]);
            Assert.True(walks[0].Length >= 2, "the walk should cross pages");
        }
        finally
        {
            await TestPostgres.DropDatabaseAsync(database);
        }
    }

    [Theory]
    [InlineData(null)]
    [InlineData("a")]
    public async Task Rows_written_during_a_walk_neither_repeat_nor_hide_the_rows_walked(string? source)
    {
        var filter = new AssetFilter(source, null, null, null);
        var database = await TestPostgres.CreateMigratedDatabaseAsync("cursor");
        try
        {
            await using var postgres = NpgsqlDataSource.Create(database);
            var walks = new List<string[]>();
            foreach (var (writer, reader) in Stores(postgres))
            {
                foreach (var (s, offset) in new[] { ("B", 0), ("a", 3) })
                {
                    await writer.WriteBatchAsync(new IngestionBatch(s, Guid.NewGuid(), Quotes(s, offset, T0), [], []), CancellationToken.None);
                }

                var before = Keys((await reader.QueryAssetsAsync(filter, new PageRequest(1, 100), CancellationToken.None)).Items);
                var first = await reader.QueryAssetsAsync(filter, new PageRequest(1, 4), CancellationToken.None);
                var last = first.Items[^1];

                // Written after the first page: one asset before the cursor (the largest cap), one right after it
                // (its cap, a later id), one without a cap, and a walked asset again with a new price and the same cap.
                var written = new[]
                {
                    Quote("a", "new-top", decimal.MaxValue, T0.AddMinutes(1)),
                    Quote(last.Source, last.ExternalId + "~", last.MarketCap, T0.AddMinutes(1)),
                    Quote("a", "new-none", null, T0.AddMinutes(1)),
                    first.Items[0] with { CurrentPrice = 99m, LastUpdated = T0.AddMinutes(1), RunId = Guid.NewGuid() },
                };
                foreach (var group in written.GroupBy(q => q.Source))
                {
                    await writer.WriteBatchAsync(new IngestionBatch(group.Key, Guid.NewGuid(), [.. group], [], []), CancellationToken.None);
                }

                var rest = await WalkAsync(reader, filter, 3, Key(last));
                string[] walked = [.. Keys(first.Items), .. rest.Keys];
                var after = Keys((await reader.QueryAssetsAsync(filter, new PageRequest(1, 100), CancellationToken.None)).Items);

                Assert.Equal(walked.Length, walked.Distinct(StringComparer.Ordinal).Count());
                Assert.Equal(before, walked.Where(k => before.Contains(k, StringComparer.Ordinal))); // every row there before, once, in order
                Assert.DoesNotContain(walked, k => k.Contains("new-top", StringComparison.Ordinal)); // written before the cursor
                Assert.Equal(after.Where(k => !k.Contains("new-top", StringComparison.Ordinal)), walked);
                walks.Add(walked);
            }

            Assert.Equal(walks[1], walks[0]);
        }
        finally
        {
            await TestPostgres.DropDatabaseAsync(database);
        }
    }

    /// <summary>Every page after the first by the cursor of the one before (encoded and decoded as the gateway does), to the end.</summary>
    private static async Task<(string[] Keys, long[] Totals)> WalkAsync(IQueryStore store, AssetFilter filter, int size, AssetKey? after)
    {
        var keys = new List<string>();
        var totals = new List<long>();
        for (var asked = 0; asked < 200; asked++)
        {
            var page = await store.QueryAssetsAsync(filter, new PageRequest(1, size) { AfterAsset = after }, CancellationToken.None);
            keys.AddRange(Keys(page.Items));
            totals.Add(page.TotalItems);
            if (AssetCursor.Next(page) is not { } cursor)
            {
                return ([.. keys], [.. totals]);
            }

            after = AssetCursor.Decode(cursor);
            // The cap's every digit and its scale (1.50 is not written 1.5) survive the cursor.
            Assert.Equal(Key(page.Items[^1]), after);
            Assert.Equal(page.Items[^1].MarketCap?.ToString(CultureInfo.InvariantCulture), after!.MarketCap?.ToString(CultureInfo.InvariantCulture));
        }

        throw new InvalidOperationException("the walk did not end");
    }

    private static AssetKey Key(AssetQuote q) => new(q.MarketCap, q.Source, q.ExternalId);

    private static string[] Keys(IEnumerable<AssetQuote> quotes) =>
        [.. quotes.Select(q => $"{q.Source}/{q.ExternalId}/{q.MarketCap?.ToString(CultureInfo.InvariantCulture) ?? "-"}")];

    private static AssetQuote[] Quotes(string source, int offset, DateTime at) =>
        [.. Ids.Select((id, i) => Quote(source, id, Caps[(i + offset) % Caps.Length], at, i))];

    private static AssetQuote Quote(string source, string id, decimal? cap, DateTime at, int i = 0) =>
        new(source, id, $"S{i % 3}", $"Asset {id}", i * 0.5m, cap, 1, 0, at, Guid.NewGuid());

    private static (IIngestionStore Writer, IQueryStore Reader)[] Stores(NpgsqlDataSource postgres)
    {
        var memory = new InMemoryIngestionStore();
        return [(new PostgresIngestionStore(postgres), new PostgresQueryStore(postgres)), (memory, memory)];
    }
}
