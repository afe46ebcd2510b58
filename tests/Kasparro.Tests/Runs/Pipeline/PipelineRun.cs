using Kasparro.Grains.Drift;
using Kasparro.Grains.Interfaces.Drift;
using Kasparro.Grains.Interfaces.Sources;
using Kasparro.Grains.Resilience;
using Kasparro.Grains.Runs;
using Kasparro.Grains.Sources;
using Microsoft.Extensions.Logging.Abstractions;

namespace Kasparro.Tests.Runs.Pipeline;

/// <summary>One run of a <see cref="RunPipeline"/> over a fake connector and sink, without a silo.</summary>
internal sealed class PipelineRun(ListConnector connector, FakeRunSink sink, DriftPolicy policy = DriftPolicy.Warn, FailureInjectionSettings? injection = null)
{
    public const int BatchSize = 10;

    public RunTracker Tracker { get; } = RunTracker.Start("test", new SourceCheckpoint(0, null), "test", DateTime.UnixEpoch);

    public ListConnector Connector => connector;

    public FakeRunSink Sink => sink;

    /// <summary>The renamed field of the tests: the source calls <c>price</c> <c>cost</c>.</summary>
    public static readonly FuzzyMatch PriceIsCost = new("price", "cost", 0.9, true);

    public Task RunAsync(CancellationToken cancellation = default)
    {
        var source = new SourceDefinition(
            "test", SourceKind.Csv, "test.csv", TimeSpan.FromMinutes(1), true, BatchSize, new Dictionary<string, string>(), FailureInjectionSettings.Off)
        {
            Drift = DriftSettings.Default with { Policy = policy },
        };
        var injector = new FailureInjector(injection ?? FailureInjectionSettings.Off);
        return new RunPipeline(source, connector, sink, Tracker, injector, TimeProvider.System, NullLogger.Instance)
            .RunAsync(new Dictionary<string, string>(), cancellation);
    }

    /// <summary>True when a sample shows the renamed field.</summary>
    public static bool ShowsCost(IReadOnlyList<DriftSample> samples) =>
        samples.Any(s => s.Fields?.ContainsKey("cost") == true);

    /// <summary>Rows from <paramref name="from"/> on call <c>price</c> <c>cost</c>.</summary>
    public static Action<int, Dictionary<string, string?>> PriceRenamedFrom(int from) => (i, row) =>
    {
        if (i >= from)
        {
            row["cost"] = row["price"];
            row.Remove("price");
        }
    };

    public static async Task EventuallyAsync(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"timed out waiting for {what}");
            await Task.Delay(10);
        }
    }
}
