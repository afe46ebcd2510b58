using Kasparro.Grains.Interfaces.Control;
using Kasparro.Grains.Interfaces.Runs;
using Kasparro.Grains.Interfaces.Sources;
using Kasparro.IntegrationTests.Clustering;
using Kasparro.IntegrationTests.Infrastructure;

namespace Kasparro.IntegrationTests.Control;

/// <summary>
/// Reset and replay move the checkpoint back; the next run re-reads from there, and since writes
/// are idempotent the stored data equals one clean run of the same rows.
/// </summary>
public sealed class SourceReplayTests(PostgresClusterFixture db) : IClassFixture<PostgresClusterFixture>
{
    private const int Assets = 30;

    [Fact]
    public async Task Reset_re_reads_every_row_and_the_data_equals_one_clean_run()
    {
        await using var h = await IngestionHarness.StartAsync(await db.NewDatabaseAsync(), [("again", 100), ("clean", 100)]);
        MarketCsv.Write(h.FileOf("again"), 450, Assets);
        MarketCsv.Write(h.FileOf("clean"), 450, Assets);
        var expected = MarketCsv.ExpectedFor(450, Assets);
        var first = await h.RunToEndAsync("again");
        Assert.Equal(expected.Lines, first.CheckpointAfter!.RecordsCommitted);

        var reset = await h.Source("again").Reset();

        Assert.Equal(0, reset.Checkpoint.RecordsCommitted);
        Assert.Null(reset.Checkpoint.Csv);
        var reread = await h.RunToEndAsync("again");
        Assert.Equal(RunStatus.Success, reread.Status);
        Assert.Equal(0, reread.CheckpointBefore.RecordsCommitted);
        Assert.Equal(expected.Lines, reread.RecordsRead);
        Assert.Equal(expected.Lines, reread.CheckpointAfter!.RecordsCommitted);

        await h.RunToEndAsync("clean");
        var again = await h.CountsAsync("again");
        Assert.Equal(await h.CountsAsync("clean"), again);
        Assert.Equal((expected.Assets, expected.Quotes, expected.Rejected), (again.Assets, again.Quotes, again.Rejected));
    }

    [Fact]
    public async Task Replay_from_a_run_re_reads_exactly_the_rows_since_it_started()
    {
        // History of one run: the run replayed from is found in the run log, not in the grain.
        var history = new Dictionary<string, string?> { ["Kasparro:Runs:HistoryLimit"] = "1" };
        await using var h = await IngestionHarness.StartAsync(await db.NewDatabaseAsync(), [("grow", 100), ("clean", 100)], history);
        var file = h.FileOf("grow");
        MarketCsv.Write(file, 200, Assets);
        await h.RunToEndAsync("grow");
        MarketCsv.Append(file, 200, 300, Assets);
        var second = await h.RunToEndAsync("grow");
        MarketCsv.Append(file, 300, 420, Assets);
        var third = await h.RunToEndAsync("grow");
        Assert.DoesNotContain(await h.Source("grow").GetRecentRuns(10), r => r.RunId == second.RunId);

        var replayed = await h.Source("grow").Replay(second.RunId);

        Assert.Equal(Position(second.CheckpointBefore), Position(replayed.Checkpoint));
        var reread = await h.RunToEndAsync("grow");
        Assert.Equal(RunStatus.Success, reread.Status);
        Assert.Equal(Position(second.CheckpointBefore), Position(reread.CheckpointBefore));
        // Exactly the rows the second and third runs read, none before them.
        Assert.Equal(second.RecordsRead + third.RecordsRead, reread.RecordsRead);
        Assert.Equal(MarketCsv.ExpectedFor(420, Assets).Lines - MarketCsv.ExpectedFor(200, Assets).Lines, reread.RecordsRead);
        Assert.Equal(third.CheckpointAfter!.RecordsCommitted, reread.CheckpointAfter!.RecordsCommitted);

        MarketCsv.Write(h.FileOf("clean"), 420, Assets);
        await h.RunToEndAsync("clean");
        var expected = MarketCsv.ExpectedFor(420, Assets);
        var grown = await h.CountsAsync("grow");
        Assert.Equal(await h.CountsAsync("clean"), grown);
        Assert.Equal((expected.Assets, expected.Quotes, expected.Rejected), (grown.Assets, grown.Quotes, grown.Rejected));
    }

    [Fact]
    public async Task Reset_and_replay_are_refused_while_a_run_is_going_on()
    {
        await using var h = await IngestionHarness.StartAsync(await db.NewDatabaseAsync(), [("busy", 100)]);
        MarketCsv.Write(h.FileOf("busy"), 300, Assets);
        var earlier = await h.RunToEndAsync("busy");
        MarketCsv.Append(h.FileOf("busy"), 300, 60_000, Assets);
        var running = await h.Source("busy").TriggerRun();

        var reset = await Assert.ThrowsAsync<SourceConflictException>(() => h.Source("busy").Reset());
        var replay = await Assert.ThrowsAsync<SourceConflictException>(() => h.Source("busy").Replay(earlier.RunId));

        Assert.Equal("busy", reset.SourceId);
        Assert.Contains(running.RunId.ToString(), reset.Message, StringComparison.Ordinal);
        Assert.Contains("cancel it or wait", replay.Message, StringComparison.Ordinal);
        var finished = await h.WaitForEndAsync("busy", running.RunId);
        // Refused means untouched: the run went on from where the earlier one stopped.
        Assert.Equal(Position(earlier.CheckpointAfter!), Position(finished.CheckpointBefore));
        Assert.Equal(MarketCsv.ExpectedFor(60_000, Assets).Lines, finished.CheckpointAfter!.RecordsCommitted);
    }

    [Fact]
    public async Task Replay_refuses_another_sources_run_and_an_unknown_run()
    {
        await using var h = await IngestionHarness.StartAsync(await db.NewDatabaseAsync(), [("mine", 100), ("theirs", 100)]);
        MarketCsv.Write(h.FileOf("mine"), 100, Assets);
        MarketCsv.Write(h.FileOf("theirs"), 100, Assets);
        await h.RunToEndAsync("mine");
        var theirs = await h.RunToEndAsync("theirs");
        var before = (await h.Source("mine").GetStatus()).Checkpoint;

        var mismatch = await Assert.ThrowsAsync<RunSourceMismatchException>(() => h.Source("mine").Replay(theirs.RunId));
        var unknown = Guid.NewGuid();
        var missing = await Assert.ThrowsAsync<RunNotFoundException>(() => h.Source("mine").Replay(unknown));

        Assert.Equal(theirs.RunId, mismatch.RunId1);
        Assert.Equal("theirs", mismatch.Source1);
        Assert.Contains("'theirs'", mismatch.Message, StringComparison.Ordinal);
        Assert.Equal(unknown, missing.RunId);
        Assert.Equal(Position(before), Position((await h.Source("mine").GetStatus()).Checkpoint));
    }

    /// <summary>Where a CSV checkpoint stands (its header list is compared by reference in record equality, and the run log reads it back as another list type).</summary>
    private static (long Records, long? Offset, long? Line, string? Header) Position(SourceCheckpoint c) =>
        (c.RecordsCommitted, c.Csv?.ByteOffset, c.Csv?.Line, c.Csv is { } csv ? string.Join(",", csv.Header) : null);
}
