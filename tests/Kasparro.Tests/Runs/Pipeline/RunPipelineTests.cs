using Kasparro.Grains.Interfaces.Sources;
using Kasparro.Grains.Resilience;

namespace Kasparro.Tests.Runs.Pipeline;

public sealed class RunPipelineTests
{
    [Fact]
    public async Task Every_batch_is_committed_in_order_with_rejections_counted_by_reason()
    {
        var connector = ListConnector.Quotes(35, (i, row) => row["price"] = i is 3 or 17 ? "bad" : "1");
        var sink = new FakeRunSink { Refuse = new HashSet<string>(["r20"], StringComparer.Ordinal) };
        var run = new PipelineRun(connector, sink);

        await run.RunAsync();

        Assert.Equal([10L, 20, 30, 35], sink.Checkpoints.Select(c => c.RecordsCommitted));
        Assert.Equal([0L], connector.ReadsFrom);
        var progress = run.Tracker.Snapshot();
        Assert.Equal(35, progress.RecordsRead);
        Assert.Equal(32, progress.RecordsWritten);
        Assert.Equal(3, progress.RecordsRejected);
        Assert.Equal(2, progress.Rejections["invalid_number"]);
        Assert.Equal(1, progress.Rejections["refused_by_store"]);
        Assert.Equal(progress.RecordsWritten, sink.Progress[^1].RecordsWritten);
        Assert.Equal([10L, 10, 10, 5], sink.Committed.Select(c => c.Read));
        Assert.Equal(1, sink.Committed[2].Rejections["refused_by_store"]);
        Assert.Equal(4, sink.BatchesArrived);
        Assert.Single(sink.MentionLinks);
    }

    [Fact]
    public async Task Writes_overlap_but_a_checkpoint_waits_for_its_own_batch_to_be_durable()
    {
        var first = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var sink = new FakeRunSink { BeforeWrite = (_, b) => b.Quotes.Any(q => q.ExternalId == "r0") ? first.Task : Task.CompletedTask };
        var run = new PipelineRun(ListConnector.Quotes(30), sink);

        var running = run.RunAsync();
        await PipelineRun.EventuallyAsync(() => sink.WritesStarted == 2, "the second write to start beside the first");
        Assert.Empty(sink.Checkpoints);
        Assert.False(running.IsCompleted);

        first.SetResult();
        await running;

        Assert.Equal([10L, 20, 30], sink.Checkpoints.Select(c => c.RecordsCommitted));
        var events = sink.Events.ToList();
        Assert.True(events.IndexOf("write r10 started") < events.IndexOf("write r0 durable"), string.Join(", ", events));
        Assert.True(events.IndexOf("write r0 durable") < events.IndexOf("checkpoint 10"), string.Join(", ", events));
        Assert.True(events.IndexOf("write r10 durable") < events.IndexOf("checkpoint 20"), string.Join(", ", events));
    }

    [Fact]
    public async Task A_failed_write_leaves_the_checkpoint_at_the_last_durable_batch()
    {
        var sink = new FakeRunSink
        {
            BeforeWrite = (_, b) => b.Quotes.Any(q => q.ExternalId == "r20") ? Task.FromException(new IOException("the database went away")) : Task.CompletedTask,
        };
        var run = new PipelineRun(ListConnector.Quotes(50), sink);

        var failure = await Assert.ThrowsAsync<IOException>(() => run.RunAsync());

        Assert.Equal("the database went away", failure.Message);
        Assert.Equal([10L, 20], sink.Checkpoints.Select(c => c.RecordsCommitted));
        Assert.Equal(20, run.Tracker.Snapshot().RecordsWritten);
        Assert.Equal(20L, run.Tracker.Checkpoint?.RecordsCommitted);
        Assert.Single(sink.MentionLinks); // some of it is durable: its mentions are linked
    }

    [Fact]
    public async Task Failure_injection_cuts_its_batch_short_and_fails_after_committing_the_batches_before()
    {
        var injection = new FailureInjectionSettings(true, 0, 15, FailureType.DatabaseError, null);
        var sink = new FakeRunSink();
        var run = new PipelineRun(ListConnector.Quotes(40), sink, injection: injection);

        var failure = await Assert.ThrowsAnyAsync<Exception>(() => run.RunAsync());

        Assert.True(InjectedFailures.IsInjected(failure), failure.ToString());
        Assert.Equal([FailureType.DatabaseError], sink.Injected);
        Assert.Equal([10L], sink.Checkpoints.Select(c => c.RecordsCommitted));
        // The worst case on purpose: the part of the batch before the failure point is durable anyway.
        Assert.Contains("r14", sink.Durable);
        Assert.DoesNotContain("r15", sink.Durable);
        Assert.Equal(2, sink.WritesStarted);
    }

    [Fact]
    public async Task A_read_failure_commits_what_was_read_then_fails_the_run()
    {
        var sink = new FakeRunSink();
        var run = new PipelineRun(ListConnector.Quotes(50, failAt: 25), sink);

        var failure = await Assert.ThrowsAnyAsync<Exception>(() => run.RunAsync());

        Assert.True(failure is IOException || failure.InnerException is IOException, failure.ToString());
        Assert.Equal([10L, 20], sink.Checkpoints.Select(c => c.RecordsCommitted));
        Assert.Single(sink.MentionLinks);
    }

    [Fact]
    public async Task A_cancelled_run_stops_and_links_nothing()
    {
        using var cancel = new CancellationTokenSource();
        var sink = new FakeRunSink
        {
            BeforeWrite = async (n, _) =>
            {
                if (n == 1)
                {
                    await cancel.CancelAsync();
                }
            },
        };
        var run = new PipelineRun(ListConnector.Quotes(100), sink);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run.RunAsync(cancel.Token));

        Assert.Empty(sink.MentionLinks);
        Assert.True(sink.Checkpoints.Count < 10);
    }
}
