using Kasparro.Grains.Interfaces.Assets;
using Kasparro.Grains.Interfaces.Queries;
using Kasparro.Grains.Storage;
using Kasparro.IntegrationTests.Infrastructure;
using Npgsql;

namespace Kasparro.IntegrationTests.Api;

/// <summary>
/// A list's total past the bound it counts one by one (<see cref="ListCounts.Bound"/>): exact and
/// unflagged when the list is filtered by nothing or by source alone (the per-source summary of
/// migration 0013), an estimate flagged as such under any other filter, alike in both stores.
/// </summary>
public sealed class QueryTotalsTests
{
    private static readonly DateTime T0 = new(2024, 3, 1, 12, 0, 0, DateTimeKind.Utc);

    [Fact]
    public async Task Totals_past_the_bound_are_exact_by_source_and_flagged_estimates_under_other_filters()
    {
        // A database of its own: the unfiltered total must count these assets and no others.
        var database = await TestPostgres.CreateMigratedDatabaseAsync("totals");
        try
        {
            await using var postgres = NpgsqlDataSource.Create(database);
            var stores = new (IIngestionStore Write, IQueryStore Read, string Name)[]
            {
                (new PostgresIngestionStore(postgres), new PostgresQueryStore(postgres), "postgres"),
            };
            var memory = new InMemoryIngestionStore();
            foreach (var (write, read, name) in stores.Append((memory, memory, "memory")))
            {
                // 1,100 assets of "big" (all symbol BIG), 100 of "small" (symbol SML).
                await write.WriteBatchAsync(Batch("big", 1100, "BIG"), CancellationToken.None);
                await write.WriteBatchAsync(Batch("small", 100, "SML"), CancellationToken.None);
                var first = new PageRequest(1, 10);

                var all = await read.QueryAssetsAsync(new AssetFilter(null, null, null, null), first, CancellationToken.None);
                var big = await read.QueryAssetsAsync(new AssetFilter("big", null, null, null), first, CancellationToken.None);
                var bySymbol = await read.QueryAssetsAsync(new AssetFilter(null, "BIG", null, null), first, CancellationToken.None);
                var few = await read.QueryAssetsAsync(new AssetFilter(null, "SML", null, null), first, CancellationToken.None);

                Assert.Equal((1200L, false), (all.TotalItems, all.TotalEstimated));
                Assert.Equal((1100L, false), (big.TotalItems, big.TotalEstimated));
                Assert.True(bySymbol.TotalEstimated, $"{name}: a total of {bySymbol.TotalItems} past the bound under a symbol filter is not flagged");
                Assert.True(bySymbol.TotalItems > ListCounts.Bound, $"{name}: an estimate past the bound reads {bySymbol.TotalItems}");
                Assert.Equal((100L, false), (few.TotalItems, few.TotalEstimated));
            }
        }
        finally
        {
            await TestPostgres.DropDatabaseAsync(database);
        }
    }

    private static IngestionBatch Batch(string source, int count, string symbol) => new(
        source, Guid.NewGuid(),
        [.. Enumerable.Range(0, count).Select(i => new AssetQuote(source, $"id-{i}", symbol, $"Asset {i}", 1 + i, 1000 + i, 1, 0, T0, Guid.NewGuid()))],
        [], []);
}
