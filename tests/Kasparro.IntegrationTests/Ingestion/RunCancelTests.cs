using Kasparro.Grains.Interfaces.Control;
using Kasparro.Grains.Interfaces.Drift;
using Kasparro.Grains.Interfaces.Queries;
using Kasparro.Grains.Interfaces.Runs;
using Kasparro.Grains.Interfaces.Sources;
using Kasparro.Grains.Storage;
using Kasparro.IntegrationTests.Clustering;
using Kasparro.IntegrationTests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Kasparro.IntegrationTests.Ingestion;

/// <summary>
/// Cancelling a run and removing a source, on each storage provider: a cancelled run stops at a
/// batch boundary with exactly its committed batches stored, and the next run completes the data;
/// finished and unknown runs are refused; a purge deletes exactly the source's rows. The runs are
/// made long with small batches over a large file; the cancel comes at the first progress seen.
/// </summary>
public abstract class RunCancelTests
{
    protected const int Assets = 40;

    protected const int Batch = 10;

    /// <summary>Rows of the long file: enough that a run is far from its end when its first batches are committed.</summary>
    protected abstract int LongRows { get; }

    /// <summary>A fresh store for one test: null for InMemory, a new database for Postgres.</summary>
    protected abstract Task<string?> NewStoreAsync();

    /// <summary>The source's reminders in the reminder table; null where the provider keeps none to look at.</summary>
    protected virtual Task<long?> RemindersAsync(IngestionHarness h, string source) => Task.FromResult<long?>(null);

    [Fact]
    public async Task A_cancelled_run_stops_at_a_batch_boundary_and_the_next_run_ends_with_exactly_the_sources_rows()
    {
        await using var h = await IngestionHarness.StartAsync(await NewStoreAsync(), [("cut", Batch)]);
        MarketCsv.Write(h.FileOf("cut"), LongRows, Assets);
        var expected = MarketCsv.ExpectedFor(LongRows, Assets);

        var started = await h.Source("cut").TriggerRun();
        await UntilProgressAsync(h, "cut");
        var asked = await h.Source("cut").CancelRun(started.RunId);
        Assert.Equal(started.RunId, asked.RunId);

        var cancelled = await h.WaitForEndAsync("cut", started.RunId);
        Assert.Equal((RunStatus.Cancelled, "cancelled", "cancelled by request"), (cancelled.Status, cancelled.ErrorType, cancelled.ErrorMessage));
        var committed = cancelled.CheckpointAfter!.RecordsCommitted;
        Assert.True(committed >= asked.RecordsRead && committed < expected.Lines, $"checkpoint {committed}: asked at {asked.RecordsRead}, {expected.Lines} lines");
        Assert.Equal(0, committed % Batch); // a batch boundary
        Assert.Equal(committed, cancelled.RecordsRead);
        Assert.Equal(cancelled.CheckpointAfter, (await h.Source("cut").GetStatus()).Checkpoint);
        // Exactly the committed batches are stored: the checkpoint is the last durable batch.
        Assert.Equal(Prefix(committed), await h.CountsAsync("cut"));

        // Idempotent: asking again returns the cancelled run.
        Assert.Equal(RunStatus.Cancelled, (await h.Source("cut").CancelRun(started.RunId)).Status);

        var next = await h.RunToEndAsync("cut");
        Assert.Equal(RunStatus.Success, next.Status);
        Assert.Equal(cancelled.CheckpointAfter, next.CheckpointBefore);
        Assert.Equal(new IngestionCounts(expected.Assets, expected.Quotes, expected.Rejected), await h.CountsAsync("cut"));

        // The run log, its aggregates and the run list know the status.
        Assert.Equal([started.RunId], (await h.Store.GetRecentRunsAsync("cut", RunStatus.Cancelled, 10, CancellationToken.None)).Select(r => r.RunId));
        var runs = await h.Silo.Grains.GetGrain<IRunQueryGrain>(0).GetRuns(new RunFilter("cut", RunStatus.Cancelled), new PageRequest(1, 10));
        Assert.Equal((1L, started.RunId), (runs.TotalItems, Assert.Single(runs.Items).RunId));
        var summary = await Eventually.Until(
            async () => Assert.Single((await h.Silo.Grains.GetGrain<IStatsGrain>(0).GetStats("cut", 5)).Runs),
            s => s.TotalRuns == 2 && s.RunningRuns == 0, TimeSpan.FromSeconds(30), "the stats of both runs");
        Assert.Equal((1L, 1L, 0L), (summary.CancelledRuns, summary.SuccessfulRuns, summary.FailedRuns));
    }

    [Fact]
    public async Task Cancelling_a_finished_run_is_a_conflict_and_a_run_of_no_such_source_is_not_found()
    {
        await using var h = await IngestionHarness.StartAsync(await NewStoreAsync(), [("done", 50), ("other", 50)]);
        MarketCsv.Write(h.FileOf("done"), 100, Assets);
        MarketCsv.Write(h.FileOf("other"), 100, Assets);
        var done = await h.RunToEndAsync("done");
        var other = await h.RunToEndAsync("other");

        var conflict = await Assert.ThrowsAsync<SourceConflictException>(() => h.Source("done").CancelRun(done.RunId));
        Assert.Contains("already ended with status success", conflict.Message, StringComparison.Ordinal);
        Assert.Equal("done", conflict.SourceId);

        var unknown = Guid.NewGuid();
        Assert.Equal(unknown, (await Assert.ThrowsAsync<RunNotFoundException>(() => h.Source("done").CancelRun(unknown))).RunId);
        await Assert.ThrowsAsync<RunNotFoundException>(() => h.Source("done").CancelRun(other.RunId));

        // A run the grain's bounded history has dropped is found in the run log.
        await h.Silo.Grains.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);
        Assert.Equal(RunStatus.Success, (await h.Store.GetRunAsync(done.RunId, CancellationToken.None))!.Status);
        await Assert.ThrowsAsync<SourceConflictException>(() => h.Source("done").CancelRun(done.RunId));
    }

    [Fact]
    public async Task Remove_with_purge_deletes_exactly_that_sources_data_and_state()
    {
        await using var h = await IngestionHarness.StartAsync(await NewStoreAsync(), [("gone", 50), ("kept", 50)]);
        MarketCsv.Write(h.FileOf("gone"), 300, Assets);
        MarketCsv.Write(h.FileOf("kept"), 200, Assets);
        await h.RunToEndAsync("gone");
        var kept = await h.RunToEndAsync("kept");
        var before = await h.CountsAsync("gone");
        var keptBefore = await h.CountsAsync("kept");
        var drift = h.Silo.Host.Services.GetRequiredService<IDriftStore>();
        var driftBefore = (await drift.QueryAsync(new DriftLogQuery("gone"), CancellationToken.None)).Total;
        var keptDrift = (await drift.QueryAsync(new DriftLogQuery("kept"), CancellationToken.None)).Total;
        Assert.True(before.Quotes > 0 && driftBefore > 0 && keptDrift > 0, $"{before}, drift {driftBefore}/{keptDrift}");

        var purged = await h.Source("gone").Remove(purge: true);

        Assert.Equal(new SourcePurge(before.Assets, before.Quotes, 0, before.Rejected, 1, driftBefore), purged);
        Assert.Equal(new IngestionCounts(0, 0, 0, 0), await h.CountsAsync("gone"));
        Assert.Empty(await h.Store.GetRecentRunsAsync("gone", null, 10, CancellationToken.None));
        Assert.Equal(0, (await drift.QueryAsync(new DriftLogQuery("gone"), CancellationToken.None)).Total);
        Assert.DoesNotContain(await h.Silo.Grains.GetGrain<IStatsGrain>(0).GetRunSummaries(), s => s.Source == "gone");
        // The other source keeps everything.
        Assert.Equal(keptBefore, await h.CountsAsync("kept"));
        Assert.Equal([kept.RunId], (await h.Store.GetRecentRunsAsync("kept", null, 10, CancellationToken.None)).Select(r => r.RunId));
        Assert.Equal(keptDrift, (await drift.QueryAsync(new DriftLogQuery("kept"), CancellationToken.None)).Total);
        Assert.Empty(await h.Silo.Grains.GetGrain<IDriftAnalyzerGrain>("gone").GetRecentReports(10));
        Assert.NotEmpty(await h.Silo.Grains.GetGrain<IDriftAnalyzerGrain>("kept").GetRecentReports(10));
        // The grain's own state is gone too: the next activation starts from scratch, unscheduled.
        var status = await h.Source("gone").GetStatus();
        Assert.Equal((SourceCheckpoint.Start.RecordsCommitted, (RunInfo?)null), (status.Checkpoint.RecordsCommitted, status.LastRun));
        if (await RemindersAsync(h, "gone") is { } reminders)
        {
            Assert.Equal((0L, 1L), (reminders, await RemindersAsync(h, "kept")));
        }
    }

    [Fact]
    public async Task Remove_during_a_run_waits_until_it_has_stopped_and_without_purge_deletes_nothing()
    {
        await using var h = await IngestionHarness.StartAsync(await NewStoreAsync(), [("busy", Batch)]);
        MarketCsv.Write(h.FileOf("busy"), LongRows, Assets);
        var started = await h.Source("busy").TriggerRun();
        await UntilProgressAsync(h, "busy");

        var purged = await h.Source("busy").Remove(purge: false);

        // When Remove returns the run has stopped and its end is recorded everywhere.
        Assert.Equal(SourcePurge.None, purged);
        var ended = await h.Source("busy").GetRun(started.RunId);
        Assert.Equal(RunStatus.Cancelled, ended!.Status);
        Assert.Null((await h.Source("busy").GetStatus()).ActiveRun);
        Assert.Equal(RunStatus.Cancelled, (await h.Store.GetRunAsync(started.RunId, CancellationToken.None))!.Status);
        Assert.Equal(Prefix(ended.CheckpointAfter!.RecordsCommitted), await h.CountsAsync("busy"));
        if (await RemindersAsync(h, "busy") is { } reminders)
        {
            Assert.Equal(0L, reminders);
        }
    }

    /// <summary>Waits until the run has committed a few batches (polling fast: an in-memory run is quick).</summary>
    private static async Task UntilProgressAsync(IngestionHarness h, string source)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (true)
        {
            var status = await h.Source(source).GetStatus();
            Assert.True(status.ActiveRun is not null, $"the run of {source} ended before it could be cancelled: make the file longer");
            if (status.Checkpoint.RecordsCommitted >= 3 * Batch)
            {
                return;
            }

            Assert.True(DateTime.UtcNow < deadline, $"no progress of {source}");
            await Task.Delay(5);
        }
    }

    /// <summary>What the first <paramref name="lines"/> lines of a <see cref="MarketCsv"/> file store.</summary>
    private static IngestionCounts Prefix(long lines)
    {
        var rows = new List<int>();
        for (var i = 0; rows.Count < lines; i++)
        {
            rows.Add(i);
            if (MarketCsv.IsDoubled(i) && rows.Count < lines)
            {
                rows.Add(i);
            }
        }

        var valid = rows.Where(i => !MarketCsv.IsInvalid(i)).Distinct().ToArray();
        return new IngestionCounts(valid.Select(i => i % Assets).Distinct().Count(), valid.Length, rows.Count(MarketCsv.IsInvalid));
    }
}

public sealed class InMemoryRunCancelTests : RunCancelTests
{
    protected override int LongRows => 200_000;

    protected override Task<string?> NewStoreAsync() => Task.FromResult<string?>(null);
}

public sealed class PostgresRunCancelTests(PostgresClusterFixture db) : RunCancelTests, IClassFixture<PostgresClusterFixture>
{
    protected override int LongRows => 20_000;

    protected override async Task<string?> NewStoreAsync() => await db.NewDatabaseAsync();

    protected override async Task<long?> RemindersAsync(IngestionHarness h, string source) =>
        await TestPostgres.ScalarAsync<long>(h.ConnectionString!, $"SELECT count(*) FROM orleansreminderstable WHERE grainid LIKE '%/{source}'");
}
