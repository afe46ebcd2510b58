using Kasparro.Grains.Interfaces.Sources;
using Kasparro.Grains.Runs;

namespace Kasparro.Tests.Runs;

/// <summary>The outbox of unlogged run records and the reconciliation of run-log rows left running.</summary>
public sealed class RunLogSettlingTests
{
    private static readonly DateTime Now = RunSamples.T0.AddHours(1);

    [Fact]
    public void The_outbox_keeps_the_newest_record_of_a_run_and_never_reopens_a_finished_one()
    {
        var started = RunSamples.Run(0, status: RunStatus.Running);
        var finished = started with { Status = RunStatus.Success, CompletedAt = RunSamples.T0.AddSeconds(3), RecordsRead = 7 };

        var outbox = RunLogOutbox.Add(null, started);
        outbox = RunLogOutbox.Add(outbox, finished);
        outbox = RunLogOutbox.Add(outbox, started); // a late retry of the start record

        Assert.Same(finished, Assert.Single(outbox));
    }

    [Fact]
    public void A_written_final_record_settles_its_queued_start_record_but_not_other_runs()
    {
        var started = RunSamples.Run(0, status: RunStatus.Running);
        var other = RunSamples.Run(5);
        var outbox = RunLogOutbox.Add(RunLogOutbox.Add(null, started), other);

        outbox = RunLogOutbox.Settled(outbox, started with { Status = RunStatus.Success, CompletedAt = RunSamples.T0.AddSeconds(1) });

        Assert.Same(other, Assert.Single(outbox!));
        Assert.Null(RunLogOutbox.Settled(outbox, other));
    }

    [Fact]
    public void A_written_start_record_leaves_a_newer_final_record_queued()
    {
        var started = RunSamples.Run(0, status: RunStatus.Running);
        var finished = started with { Status = RunStatus.Failed, CompletedAt = RunSamples.T0.AddSeconds(1), ErrorType = "database_error" };
        var outbox = RunLogOutbox.Add(null, finished);

        Assert.Same(finished, Assert.Single(RunLogOutbox.Settled(outbox, started)!));
    }

    [Fact]
    public void Running_rows_take_the_final_record_the_history_holds_else_are_closed_as_interrupted()
    {
        var active = RunSamples.Run(0, status: RunStatus.Running);
        var endedInHistory = RunSamples.Run(0, status: RunStatus.Running, startedAt: RunSamples.T0.AddMinutes(-10));
        var final = endedInHistory with { Status = RunStatus.Success, CompletedAt = RunSamples.T0.AddMinutes(-9), RecordsRead = 40 };
        var lost = RunSamples.Run(0, status: RunStatus.Running, startedAt: RunSamples.T0.AddMinutes(-20)) with { RecordsRead = 12 };
        var queued = RunSamples.Run(0, status: RunStatus.Running, startedAt: RunSamples.T0.AddMinutes(-30));

        var corrections = RunLogReconciliation.Corrections(
            [active, endedInHistory, lost, queued], active.RunId, [final], [queued with { Status = RunStatus.Success }], Now);

        Assert.Equal([final.RunId, lost.RunId], corrections.Select(c => c.RunId));
        Assert.Same(final, corrections[0]);
        var closed = corrections[1];
        Assert.Equal((RunStatus.Failed, "interrupted", Now, 12L), (closed.Status, closed.ErrorType, closed.CompletedAt, closed.RecordsRead));
        Assert.Equal(lost.CheckpointBefore, closed.CheckpointAfter);
    }

    [Fact]
    public void A_run_closed_with_a_clock_behind_its_start_never_ends_before_it_began()
    {
        var row = RunSamples.Run(0, status: RunStatus.Running, startedAt: Now.AddMinutes(5));

        Assert.Equal(row.StartedAt, RunLogReconciliation.Interrupted(row, Now).CompletedAt);
    }

    [Fact]
    public void Finished_rows_and_the_active_run_are_left_alone()
    {
        var active = RunSamples.Run(0, status: RunStatus.Running);

        Assert.Empty(RunLogReconciliation.Corrections([active, RunSamples.Run(3)], active.RunId, [], [], Now));
    }
}
