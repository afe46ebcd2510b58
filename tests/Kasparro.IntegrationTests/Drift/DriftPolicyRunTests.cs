using Kasparro.Grains.Interfaces.Sources;
using Kasparro.IntegrationTests.Clustering;
using Kasparro.IntegrationTests.Infrastructure;

namespace Kasparro.IntegrationTests.Drift;

/// <summary>
/// The drift policies in real runs on PostgreSQL: a CSV source whose header changes between runs
/// (the price column renamed to <c>price_usd</c>, a <c>rank</c> column added).
/// </summary>
public sealed class DriftPolicyRunTests(PostgresClusterFixture db) : IClassFixture<PostgresClusterFixture>
{
    private const string Header = "id,symbol,name,price,market_cap,volume_24h,price_change_24h,timestamp";
    private const string DriftedHeader = "id,symbol,name,price_usd,market_cap,volume_24h,price_change_24h,timestamp,rank";

    [Fact]
    public async Task Evolve_applies_the_rename_and_keeps_ingesting_correct_values()
    {
        await using var h = await StartAsync("evo", "evolve", batchSize: 4);
        await WriteFirstAsync(h, "evo");
        var drifted = await WriteDriftedAndRunAsync(h, "evo");

        Assert.Equal(RunStatus.Success, drifted.Status);
        Assert.Equal((10L, 10L, 0L), (drifted.RecordsRead, drifted.RecordsWritten, drifted.RecordsRejected));
        var assets = await h.Store.GetAssetsAsync("evo", CancellationToken.None);
        Assert.Equal(10, assets.Count);
        Assert.All(assets, a => Assert.Equal(2000m + int.Parse(a.ExternalId[5..], System.Globalization.CultureInfo.InvariantCulture), a.CurrentPrice));
        Assert.Equal(20, (await h.CountsAsync("evo")).Quotes);

        // Every batch of the drifted run is reported once (10 records in batches of 4; the batch read
        // again with the rename is not analyzed twice), each with the rename and the new column.
        Assert.Equal(3L, await DriftRowsAsync(h, "evo", drifted.RunId));
        Assert.Equal(3L, await TestPostgres.ScalarAsync<long>(h.ConnectionString!, $$"""
            SELECT count(*) FROM drift_log WHERE source = 'evo' AND run_id = '{{drifted.RunId}}' AND drift_detected
              AND extra_fields = ARRAY['rank'] AND fuzzy_matches @> '[{"expected": "price", "observed": "price_usd"}]'
            """));
    }

    [Fact]
    public async Task Evolve_remembers_its_renames_so_later_runs_read_each_batch_once_until_the_source_goes_back()
    {
        await using var h = await StartAsync("evo-kept", "evolve", batchSize: 4);
        using var rereads = Measurements.Collect<long>(h.Silo.Host.Services, "kasparro.schema_rereads");
        await WriteFirstAsync(h, "evo-kept");
        Assert.Empty((await h.Source("evo-kept").GetStatus()).AppliedRenames!);

        var drifted = await WriteDriftedAndRunAsync(h, "evo-kept");
        Assert.Equal((RunStatus.Success, 0L), (drifted.Status, drifted.RecordsRejected));
        Assert.Equal(1, rereads.Sum(("source", "evo-kept")));
        var kept = (await h.Source("evo-kept").GetStatus()).AppliedRenames!;
        Assert.Equal("price_usd", Assert.Single(kept, r => r.Key.Equals("price", StringComparison.OrdinalIgnoreCase)).Value);

        // Rows appended in the new layout: the run starts with the stored renames and reads them once.
        var appended = Enumerable.Range(0, 6).Select(i => $"coin-{i},C{i},Coin {i},{3000 + i},{7000 + i},{90 + i},0.5,2024-05-01T02:00:00Z,{i + 1}");
        await File.AppendAllLinesAsync(h.FileOf("evo-kept"), appended);
        var next = await h.RunToEndAsync("evo-kept");
        Assert.Equal((RunStatus.Success, 6L, 6L, 0L), (next.Status, next.RecordsRead, next.RecordsWritten, next.RecordsRejected));
        Assert.Equal(1, rereads.Sum(("source", "evo-kept")));
        var assets = await h.Store.GetAssetsAsync("evo-kept", CancellationToken.None);
        Assert.All(assets.Where(a => int.Parse(a.ExternalId[5..], System.Globalization.CultureInfo.InvariantCulture) < 6),
            a => Assert.Equal(3000m + int.Parse(a.ExternalId[5..], System.Globalization.CultureInfo.InvariantCulture), a.CurrentPrice));

        // The source goes back to the configured names: one re-read drops the renames, nothing is rejected.
        var back = Enumerable.Range(0, 10).Select(i => $"coin-{i},C{i},Coin {i},{4000 + i},{8000 + i},{99 + i},0.1,2024-05-01T03:00:00Z");
        await File.WriteAllLinesAsync(h.FileOf("evo-kept"), [Header, .. back]);
        var reverted = await h.RunToEndAsync("evo-kept");
        Assert.Equal((RunStatus.Success, 10L, 0L), (reverted.Status, reverted.RecordsWritten, reverted.RecordsRejected));
        Assert.Equal(2, rereads.Sum(("source", "evo-kept")));
        Assert.Empty((await h.Source("evo-kept").GetStatus()).AppliedRenames!);
        Assert.All(await h.Store.GetAssetsAsync("evo-kept", CancellationToken.None),
            a => Assert.Equal(4000m + int.Parse(a.ExternalId[5..], System.Globalization.CultureInfo.InvariantCulture), a.CurrentPrice));
    }

    [Fact]
    public async Task Warn_ingests_what_still_validates_and_records_the_drift()
    {
        await using var h = await StartAsync("warned", "warn", batchSize: 4);
        await WriteFirstAsync(h, "warned");
        var drifted = await WriteDriftedAndRunAsync(h, "warned");

        // The price is a key field: under its new name every record misses it and is rejected, kept with its reason.
        Assert.Equal(RunStatus.Success, drifted.Status);
        Assert.Equal((10L, 0L, 10L), (drifted.RecordsRead, drifted.RecordsWritten, drifted.RecordsRejected));
        Assert.Equal(10L, drifted.Rejections["missing_field"]);
        Assert.All(await h.Store.GetAssetsAsync("warned", CancellationToken.None), a => Assert.True(a.CurrentPrice < 2000m));
        Assert.Equal(3L, await DriftRowsAsync(h, "warned", drifted.RunId));
    }

    [Fact]
    public async Task Freeze_fails_the_run_before_writing_and_leaves_the_checkpoint_where_it_was()
    {
        await using var h = await StartAsync("frozen", "freeze", batchSize: 4);
        await WriteFirstAsync(h, "frozen");
        var before = (await h.Source("frozen").GetStatus()).Checkpoint;
        var countsBefore = await h.CountsAsync("frozen");

        var drifted = await WriteDriftedAndRunAsync(h, "frozen");

        Assert.Equal(RunStatus.Failed, drifted.Status);
        Assert.Equal("schema_drift", drifted.ErrorType);
        Assert.Contains("price", drifted.ErrorMessage, StringComparison.Ordinal);
        Assert.Equal(0L, drifted.RecordsRead);
        var after = (await h.Source("frozen").GetStatus()).Checkpoint;
        Assert.Equal((before.RecordsCommitted, before.Csv!.ByteOffset, before.Csv.HeadHash), (after.RecordsCommitted, after.Csv!.ByteOffset, after.Csv.HeadHash));
        Assert.Equal(countsBefore, await h.CountsAsync("frozen"));
        Assert.Equal(1L, await DriftRowsAsync(h, "frozen", drifted.RunId));
    }

    private async Task<IngestionHarness> StartAsync(string source, string policy, int batchSize) =>
        await IngestionHarness.StartAsync(
            await db.NewDatabaseAsync(), [(source, batchSize)],
            new Dictionary<string, string?> { [$"Kasparro:Sources:{source}:DriftPolicy"] = policy });

    /// <summary>Ten assets at 1000 + n, in the expected layout: a clean run with no drift.</summary>
    private static async Task WriteFirstAsync(IngestionHarness h, string source)
    {
        var rows = Enumerable.Range(0, 10).Select(i => $"coin-{i},C{i},Coin {i},{1000 + i},{5000 + i},{70 + i},1.5,2024-05-01T00:00:00Z");
        await File.WriteAllLinesAsync(h.FileOf(source), [Header, .. rows]);
        var first = await h.RunToEndAsync(source);
        Assert.Equal((RunStatus.Success, 10L), (first.Status, first.RecordsWritten));
    }

    /// <summary>The file replaced: the same assets an hour later at 2000 + n, price under a new name, a column more.</summary>
    private static async Task<RunInfo> WriteDriftedAndRunAsync(IngestionHarness h, string source)
    {
        var rows = Enumerable.Range(0, 10).Select(i => $"coin-{i},C{i},Coin {i},{2000 + i},{6000 + i},{80 + i},-0.5,2024-05-01T01:00:00Z,{i + 1}");
        await File.WriteAllLinesAsync(h.FileOf(source), [DriftedHeader, .. rows]);
        return await h.RunToEndAsync(source);
    }

    private static Task<long> DriftRowsAsync(IngestionHarness h, string source, Guid runId) =>
        TestPostgres.ScalarAsync<long>(h.ConnectionString!, $"SELECT count(*) FROM drift_log WHERE source = '{source}' AND run_id = '{runId}'");
}
