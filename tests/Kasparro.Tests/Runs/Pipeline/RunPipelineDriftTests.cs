using Kasparro.Grains.Drift;
using Kasparro.Grains.Runs;

namespace Kasparro.Tests.Runs.Pipeline;

public sealed class RunPipelineDriftTests
{
    /// <summary>The source starts calling price "cost" at record 20; the analyzer sees it in the samples.</summary>
    private static FakeRunSink RenamingAnalyzer(bool breaking = false) =>
        new() { Analyze = samples => PipelineRun.ShowsCost(samples) ? FakeRunSink.Report(breaking, PipelineRun.PriceIsCost) : null };

    [Fact]
    public async Task Evolve_reads_again_from_the_checkpoint_with_the_renames_and_stores_them()
    {
        var sink = RenamingAnalyzer();
        var run = new PipelineRun(ListConnector.Quotes(40, PipelineRun.PriceRenamedFrom(20)), sink, DriftPolicy.Evolve);

        await run.RunAsync();

        Assert.Equal([0L, 20], run.Connector.ReadsFrom);
        var renames = Assert.Single(sink.Renames);
        Assert.Equal("cost", renames["price"]);
        Assert.Equal([10L, 20, 30, 40], sink.Checkpoints.Select(c => c.RecordsCommitted));
        Assert.Equal(40, run.Tracker.Snapshot().RecordsWritten);
        Assert.Equal(0, run.Tracker.Snapshot().RecordsRejected);
        // The batch read again was analyzed before the re-read: not asked about twice.
        Assert.Equal(4, sink.DriftAnalyses);
    }

    [Fact]
    public async Task Warn_reads_on_with_the_configured_names_and_rejects_what_they_miss()
    {
        var sink = RenamingAnalyzer();
        var run = new PipelineRun(ListConnector.Quotes(40, PipelineRun.PriceRenamedFrom(20)), sink, DriftPolicy.Warn);

        await run.RunAsync();

        Assert.Equal([0L], run.Connector.ReadsFrom);
        Assert.Empty(sink.Renames);
        Assert.Equal(20, run.Tracker.Snapshot().RecordsWritten);
        Assert.Equal(20, run.Tracker.Snapshot().RecordsRejected);
        Assert.Equal(40L, run.Tracker.Checkpoint?.RecordsCommitted);
    }

    [Fact]
    public async Task Freeze_fails_on_breaking_drift_before_the_batch_is_written_and_after_the_ones_before_are_committed()
    {
        var sink = RenamingAnalyzer(breaking: true);
        var run = new PipelineRun(ListConnector.Quotes(40, PipelineRun.PriceRenamedFrom(20)), sink, DriftPolicy.Freeze);

        await Assert.ThrowsAsync<SchemaDriftException>(() => run.RunAsync());

        Assert.Equal([10L, 20], sink.Checkpoints.Select(c => c.RecordsCommitted));
        Assert.Equal(2, sink.WritesStarted);
        Assert.DoesNotContain("r20", sink.Durable);
    }

    [Theory]
    [InlineData(DriftPolicy.Warn)]
    [InlineData(DriftPolicy.Evolve)]
    public async Task When_analysis_fails_warn_and_evolve_ingest_as_configured(DriftPolicy policy)
    {
        var sink = new FakeRunSink { Analyze = _ => throw new TimeoutException("the analyzer is away") };
        var run = new PipelineRun(ListConnector.Quotes(30), sink, policy);

        await run.RunAsync();

        Assert.Equal(30, run.Tracker.Snapshot().RecordsWritten);
        Assert.Equal([0L], run.Connector.ReadsFrom);
    }

    [Fact]
    public async Task When_analysis_fails_freeze_fails_the_run()
    {
        var sink = new FakeRunSink { Analyze = _ => throw new TimeoutException("the analyzer is away") };
        var run = new PipelineRun(ListConnector.Quotes(30), sink, DriftPolicy.Freeze);

        await Assert.ThrowsAsync<TimeoutException>(() => run.RunAsync());

        Assert.Empty(sink.Checkpoints);
        Assert.Equal(0, sink.WritesStarted);
    }

    [Fact]
    public async Task A_source_that_keeps_changing_its_names_is_read_again_a_bounded_number_of_times()
    {
        var calls = 0;
        // Every analysis asks for other renames than the one before.
        var sink = new FakeRunSink
        {
            Analyze = _ => FakeRunSink.Report(false, new Grains.Interfaces.Drift.FuzzyMatch("price", $"cost{++calls % 2}", 0.9, true)),
        };
        var run = new PipelineRun(ListConnector.Quotes(100), sink, DriftPolicy.Evolve);

        await run.RunAsync();

        Assert.Equal(RunPipeline.MaxSchemaRereads + 1, run.Connector.ReadsFrom.Count);
        Assert.Equal(RunPipeline.MaxSchemaRereads, sink.Renames.Count);
        Assert.Equal(100L, run.Tracker.Checkpoint?.RecordsCommitted);
    }
}
