using Kasparro.Grains.Interfaces.Sources;
using Kasparro.Grains.Storage;
using Kasparro.IntegrationTests.Clustering;
using Kasparro.IntegrationTests.Infrastructure;

namespace Kasparro.IntegrationTests.Ingestion;

/// <summary>
/// The source grain end to end on each storage provider: incremental, idempotent, recoverable
/// runs over CSV files whose correct result is known (see <see cref="MarketCsv"/>).
/// </summary>
public abstract class IngestionTests
{
    protected const int Assets = 40;

    /// <summary>A fresh store for one test: null for InMemory, a new database for Postgres.</summary>
    protected abstract Task<string?> NewStoreAsync();

    protected async Task<IngestionHarness> StartAsync(params (string Id, int BatchSize)[] sources) =>
        await IngestionHarness.StartAsync(await NewStoreAsync(), sources);

    [Fact]
    public async Task Incremental_runs_pick_up_exactly_the_appended_rows()
    {
        await using var h = await StartAsync(("inc", 64));
        MarketCsv.Write(h.FileOf("inc"), 300, Assets);

        var first = await h.RunToEndAsync("inc");
        MarketCsv.Append(h.FileOf("inc"), 300, 420, Assets);
        var second = await h.RunToEndAsync("inc");

        Assert.Equal(RunStatus.Success, first.Status);
        Assert.Equal(RunStatus.Success, second.Status);
        Assert.Equal(MarketCsv.ExpectedFor(300, Assets).Lines, first.RecordsRead);
        Assert.Equal(MarketCsv.ExpectedFor(420, Assets).Lines - first.RecordsRead, second.RecordsRead);
        Assert.Equal(first.CheckpointAfter, second.CheckpointBefore);
        await AssertStoredAsync(h, "inc", MarketCsv.ExpectedFor(420, Assets));
    }

    [Fact]
    public async Task Running_again_over_the_same_data_adds_no_row()
    {
        await using var h = await StartAsync(("same", 50));
        MarketCsv.Write(h.FileOf("same"), 200, Assets);
        await h.RunToEndAsync("same");
        var expected = MarketCsv.ExpectedFor(200, Assets);

        var again = await h.RunToEndAsync("same");
        Assert.Equal(0, again.RecordsRead);
        await AssertStoredAsync(h, "same", expected);

        // A rewritten file is read from the top again: every row is written a second time, no row is added.
        File.WriteAllText(h.FileOf("same"), MarketCsv.Header + "\r\n" + MarketCsv.Rows(0, 200, Assets).Replace("\n", "\r\n", StringComparison.Ordinal));
        var reread = await h.RunToEndAsync("same");
        Assert.Equal(expected.Lines, reread.RecordsRead);
        Assert.Equal(expected.Quotes, (await h.CountsAsync("same")).Quotes);
        Assert.Equal(expected.Assets, (await h.CountsAsync("same")).Assets);
    }

    [Theory]
    [InlineData(FailureType.NetworkError, "network_error")]
    [InlineData(FailureType.DatabaseError, "database_error")]
    [InlineData(FailureType.ValidationError, "validation_error")]
    [InlineData(FailureType.Timeout, "timeout")]
    [InlineData(FailureType.RateLimit, "rate_limit")]
    public async Task After_an_injected_failure_a_clean_run_ends_with_exactly_the_clean_result(FailureType type, string name)
    {
        await using var h = await StartAsync(("flaky", 50), ("clean", 50));
        MarketCsv.Write(h.FileOf("flaky"), 400, Assets);
        File.Copy(h.FileOf("flaky"), h.FileOf("clean"));

        await h.Source("flaky").SetFailureInjection(new FailureInjectionSettings(true, 0, 175, type, null));
        var failed = await h.RunToEndAsync("flaky");
        Assert.Equal(RunStatus.Failed, failed.Status);
        Assert.Equal(name, failed.ErrorType);
        Assert.Contains("Injected", failed.ErrorMessage, StringComparison.Ordinal);
        Assert.True(150 == failed.CheckpointAfter!.RecordsCommitted, $"before: {failed.CheckpointBefore}, after: {failed.CheckpointAfter}"); // the last durable batch
        Assert.Equal(150, (await h.Source("flaky").GetStatus()).Checkpoint.RecordsCommitted);

        await h.Source("flaky").SetFailureInjection(FailureInjectionSettings.Off);
        var recovered = await h.RunToEndAsync("flaky");
        var clean = await h.RunToEndAsync("clean");

        Assert.Equal(RunStatus.Success, recovered.Status);
        Assert.Equal(failed.CheckpointAfter, recovered.CheckpointBefore);
        await AssertStoredAsync(h, "flaky", MarketCsv.ExpectedFor(400, Assets));
        await AssertSameDataAsync(h, "clean", "flaky");
    }

    [Fact]
    public async Task A_randomized_failure_sweep_always_converges_to_the_clean_result()
    {
        var combos = (from seed in new[] { 1, 2, 3, 4 } from p in new[] { 0.3, 0.7 } select (seed, p)).ToArray();
        await using var h = await StartAsync(combos.Select(c => ($"sweep-{c.seed}-{(int)(c.p * 10)}", 40)).Append(("clean", 40)).ToArray());
        MarketCsv.Write(h.FileOf("clean"), 300, Assets);
        await h.RunToEndAsync("clean");

        foreach (var (seed, p) in combos)
        {
            var id = $"sweep-{seed}-{(int)(p * 10)}";
            File.Copy(h.FileOf("clean"), h.FileOf(id));
            await h.Source(id).SetFailureInjection(new FailureInjectionSettings(true, p, null, (FailureType)(seed % 5), seed));
            var committed = 0L;
            for (var attempt = 0; attempt < 8; attempt++)
            {
                var run = await h.RunToEndAsync(id);
                Assert.True(run.CheckpointAfter!.RecordsCommitted >= committed, $"{id}: the checkpoint moved backwards");
                committed = run.CheckpointAfter.RecordsCommitted;
                if (run.Status == RunStatus.Success)
                {
                    break;
                }
            }

            await h.Source(id).SetFailureInjection(FailureInjectionSettings.Off);
            var last = await h.RunToEndAsync(id);
            Assert.Equal(RunStatus.Success, last.Status);
            Assert.Equal(MarketCsv.ExpectedFor(300, Assets).Lines, last.CheckpointAfter!.RecordsCommitted);
            await AssertStoredAsync(h, id, MarketCsv.ExpectedFor(300, Assets));
            await AssertSameDataAsync(h, "clean", id);
        }
    }

    [Fact]
    public async Task Batches_larger_than_a_read_chunk_are_written_whole_and_checkpointed_at_their_end()
    {
        // Batches of 5,000 are read in chunks of 2,000: the checkpoint must still move per batch.
        await using var h = await StartAsync(("big", 5000));
        MarketCsv.Write(h.FileOf("big"), 12_000, Assets);
        var expected = MarketCsv.ExpectedFor(12_000, Assets);

        await h.Source("big").SetFailureInjection(new FailureInjectionSettings(true, 0, 7_000, FailureType.Timeout, null));
        var failed = await h.RunToEndAsync("big");
        Assert.Equal(5000, failed.CheckpointAfter!.RecordsCommitted);

        await h.Source("big").SetFailureInjection(FailureInjectionSettings.Off);
        var done = await h.RunToEndAsync("big");
        Assert.Equal(RunStatus.Success, done.Status);
        Assert.Equal(expected.Lines - 5000, done.RecordsRead);
        Assert.Equal(expected.Rejected, (await h.CountsAsync("big")).Rejected);
        await AssertStoredAsync(h, "big", expected);
    }

    protected static async Task AssertStoredAsync(IngestionHarness h, string source, MarketCsv.Expected expected)
    {
        var counts = await h.CountsAsync(source);
        Assert.Equal(new IngestionCounts(expected.Assets, expected.Quotes, expected.Rejected), counts);
    }

    protected static async Task AssertSameDataAsync(IngestionHarness h, string expectedSource, string actualSource)
    {
        static object Key(global::Kasparro.Grains.Interfaces.Assets.AssetQuote q) =>
            (q.ExternalId, q.Symbol, q.Name, q.CurrentPrice, q.MarketCap, q.Volume24h, q.PriceChange24h, q.LastUpdated);
        var expected = await h.Store.GetAssetsAsync(expectedSource, CancellationToken.None);
        var actual = await h.Store.GetAssetsAsync(actualSource, CancellationToken.None);
        Assert.Equal(expected.Select(Key), actual.Select(Key));
    }
}

public sealed class InMemoryIngestionTests : IngestionTests
{
    protected override Task<string?> NewStoreAsync() => Task.FromResult<string?>(null);
}

public sealed class PostgresIngestionTests(PostgresClusterFixture db) : IngestionTests, IClassFixture<PostgresClusterFixture>
{
    protected override async Task<string?> NewStoreAsync() => await db.NewDatabaseAsync();
}
