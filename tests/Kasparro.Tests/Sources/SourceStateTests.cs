using Kasparro.Grains.Interfaces.Sources;
using Kasparro.Grains.Runs;
using Kasparro.Grains.Sources;

namespace Kasparro.Tests.Sources;

public sealed class SourceStateTests
{
    private static readonly DateTime T0 = new(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void History_is_newest_first_and_bounded()
    {
        var state = new SourceState();
        var runs = Enumerable.Range(0, 8).Select(i => RunTracker.Start("csv", SourceCheckpoint.Start, "manual", T0.AddMinutes(i)).Succeeded(T0.AddMinutes(i))).ToArray();

        foreach (var run in runs)
        {
            state.AddToHistory(run, limit: 5);
        }

        Assert.Equal(runs.Reverse().Take(5).Select(r => r.RunId), state.History.Select(r => r.RunId));
    }

    [Fact]
    public void A_run_recorded_twice_appears_once()
    {
        var state = new SourceState();
        var run = RunTracker.Start("csv", SourceCheckpoint.Start, "manual", T0).Succeeded(T0);

        state.AddToHistory(run, 5);
        state.AddToHistory(run with { RecordsRead = 3 }, 5);

        Assert.Equal(3, Assert.Single(state.History).RecordsRead);
    }

    [Fact]
    public void The_tracker_accumulates_batches_and_keeps_the_last_durable_checkpoint()
    {
        var tracker = RunTracker.Start("csv", new SourceCheckpoint(10, T0), "manual", T0);
        tracker.BatchCommitted(100, 97, new Dictionary<string, long> { ["missing_field"] = 3 }, new SourceCheckpoint(110, T0));
        tracker.BatchCommitted(50, 49, new Dictionary<string, long> { ["missing_field"] = 1, ["negative_value"] = 0 }, new SourceCheckpoint(160, T0));

        var failed = tracker.Failed(T0.AddSeconds(3), "timeout", "slow");

        Assert.Equal((150L, 146L, 4L), (failed.RecordsRead, failed.RecordsWritten, failed.RecordsRejected));
        Assert.Equal(4, failed.Rejections["missing_field"]);
        Assert.Equal(160, failed.CheckpointAfter!.RecordsCommitted);
        Assert.Equal(10, failed.CheckpointBefore.RecordsCommitted);
        Assert.Equal(3, failed.DurationSeconds(T0.AddHours(1)));
    }

    [Fact]
    public void A_run_that_commits_nothing_ends_where_it_started()
    {
        var before = new SourceCheckpoint(42, T0);

        var failed = RunTracker.Start("csv", before, "schedule", T0).Failed(T0, "network_error", "down");

        Assert.Equal(before, failed.CheckpointAfter);
    }
}
