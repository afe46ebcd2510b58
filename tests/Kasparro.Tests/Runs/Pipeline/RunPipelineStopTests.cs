namespace Kasparro.Tests.Runs.Pipeline;

/// <summary>
/// A stop (a cancel, or a deactivation) ends the run at its next batch boundary: the writes already
/// started are awaited and committed, no further batch is written, and the checkpoint is the last
/// durable batch, so the next run starts exactly after what is stored.
/// </summary>
public sealed class RunPipelineStopTests
{
    [Fact]
    public async Task Writes_under_way_are_committed_and_no_later_batch_is_written()
    {
        using var cancel = new CancellationTokenSource();
        var held = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        // The third batch's write is held: the run waits to commit it while the fourth is under way too.
        var sink = new FakeRunSink { BeforeWrite = (n, b) => b.Quotes.Any(q => q.ExternalId == "r20") ? held.Task : Task.CompletedTask };
        var run = new PipelineRun(ListConnector.Quotes(100), sink);

        var running = run.RunAsync(cancel.Token);
        await PipelineRun.EventuallyAsync(() => sink.WritesStarted == 4, "the fourth write to start beside the held third");
        Assert.Equal([10L, 20], sink.Checkpoints.Select(c => c.RecordsCommitted));

        await cancel.CancelAsync();
        held.SetResult();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => running);

        // Both writes under way were awaited and committed; nothing after them was written.
        Assert.Equal([10L, 20, 30, 40], sink.Checkpoints.Select(c => c.RecordsCommitted));
        Assert.Equal(4, sink.WritesStarted);
        Assert.Equal(Enumerable.Range(0, 40).Select(i => $"r{i}").Order(StringComparer.Ordinal), sink.Durable.Order(StringComparer.Ordinal));
        Assert.Equal(40, run.Tracker.Snapshot().RecordsRead);
        Assert.Empty(sink.MentionLinks);
    }
}
