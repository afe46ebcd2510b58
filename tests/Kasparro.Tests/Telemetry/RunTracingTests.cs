using System.Collections.Concurrent;
using System.Diagnostics;
using Kasparro.Grains.Configuration;
using Kasparro.Grains.Interfaces.Sources;
using Kasparro.Grains.Telemetry;
using Kasparro.Tests.Runs.Pipeline;
using Microsoft.Extensions.Configuration;

namespace Kasparro.Tests.Telemetry;

/// <summary>The run pipeline's spans, seen by an <see cref="ActivityListener"/>; and when tracing is on at all.</summary>
public sealed class RunTracingTests
{
    [Fact]
    public async Task A_run_is_one_span_whose_children_are_its_batches_one_per_batch()
    {
        var (run, spans) = await TracedRunAsync(null);

        var root = Assert.Single(spans, s => s.OperationName == "kasparro.run");
        var batches = spans.Where(s => s.OperationName == "kasparro.batch").ToList();
        Assert.Equal(spans.Count, batches.Count + 1);
        Assert.Equal([0L, 10, 20, 30], batches.Select(b => (long)b.GetTagItem("kasparro.batch.first_record")!).Order());
        Assert.Equal(run.Sink.Committed.Count, batches.Count);
        Assert.All(batches, b =>
        {
            Assert.Equal((root.TraceId, root.SpanId), (b.TraceId, b.ParentSpanId));
            Assert.Equal(true, b.GetTagItem("kasparro.batch.committed"));
        });
        Assert.Equal(ActivityStatusCode.Unset, root.Status);
        Assert.Equal("test", root.GetTagItem("kasparro.source"));
    }

    [Fact]
    public async Task A_failed_batch_marks_its_span_and_the_runs_as_errors()
    {
        var (_, spans) = await TracedRunAsync(new FailureInjectionSettings(true, 0, 25, FailureType.DatabaseError, null));

        var root = Assert.Single(spans, s => s.OperationName == "kasparro.run");
        var batches = spans.Where(s => s.OperationName == "kasparro.batch").ToList();
        Assert.Equal(ActivityStatusCode.Error, root.Status);
        var failed = Assert.Single(batches, b => b.Status == ActivityStatusCode.Error);
        Assert.Equal(20L, failed.GetTagItem("kasparro.batch.first_record"));
        Assert.All(batches, b => Assert.Equal(root.SpanId, b.ParentSpanId));
    }

    [Fact]
    public void Tracing_is_off_unless_an_endpoint_is_configured()
    {
        static IConfiguration Config(params (string Key, string Value)[] values) =>
            new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value))).Build();

        Assert.False(KasparroTracing.Enabled(Config()));
        Assert.False(KasparroTracing.Enabled(Config((KasparroTracing.EndpointKey, " "))));
        Assert.True(KasparroTracing.Enabled(Config((KasparroTracing.StandardEndpointKey, "http://collector:4317"))));
        Assert.Null(KasparroTracing.ConfiguredEndpoint(Config((KasparroTracing.StandardEndpointKey, "http://collector:4317"))));
        Assert.Equal(new Uri("http://c:4318/v1/traces"), KasparroTracing.ConfiguredEndpoint(Config((KasparroTracing.EndpointKey, "http://c:4318/v1/traces"))));
        var bad = Assert.Throws<KasparroConfigurationException>(() => KasparroTracing.Enabled(Config((KasparroTracing.EndpointKey, "collector:4317"))));
        Assert.Contains(KasparroTracing.EndpointKey, bad.Message, StringComparison.Ordinal);
    }

    /// <summary>Runs a 35-record pipeline (batches of 10) and returns the Kasparro spans of that run only (tests run side by side).</summary>
    private static async Task<(PipelineRun Run, List<Activity> Spans)> TracedRunAsync(FailureInjectionSettings? injection)
    {
        var stopped = new ConcurrentQueue<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name == KasparroTracing.SourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = stopped.Enqueue,
        };
        ActivitySource.AddActivityListener(listener);
        var run = new PipelineRun(ListConnector.Quotes(35), new FakeRunSink(), injection: injection);

        try
        {
            await run.RunAsync();
        }
        catch (Exception) when (injection is not null)
        {
            // the injected failure: the spans are what this test looks at
        }

        var runId = run.Tracker.Started.RunId.ToString();
        return (run, stopped.Where(s => Equals(s.GetTagItem("kasparro.run_id"), runId)).ToList());
    }
}
