using Kasparro.Grains.Connectors;
using Kasparro.Grains.Drift;
using Kasparro.Grains.Interfaces.Drift;
using Kasparro.Grains.Interfaces.Sources;
using Kasparro.Grains.Normalization;
using Kasparro.Grains.Resilience;
using Kasparro.Grains.Runs;
using Kasparro.Grains.Storage;

namespace Kasparro.Grains.Sources;

/// <content>
/// The grain's side of a run's batch loop (<see cref="RunPipeline"/>): the sink that stores the
/// checkpoint in grain state, asks the drift analyzer, writes to the store and says the data changed.
/// </content>
public sealed partial class SourceGrain : IRunSink
{
    private static readonly IReadOnlyDictionary<string, string> NoRenames = new Dictionary<string, string>();

    private Task IngestAsync(SourceDefinition d, ISourceConnector connector, RunTracker tracker, FailureInjector injector, CancellationToken cancellation) =>
        new RunPipeline(d, connector, this, tracker, injector, time, logger).RunAsync(RememberedRenames(d), cancellation);

    Task<IReadOnlyList<KnownAsset>> IRunSink.GetKnownAssetsAsync() => store.GetKnownAssetsAsync(CancellationToken.None);

    // Runs may outlast the idle-collection age; a working grain must not be collected.
    void IRunSink.BatchArrived() => DelayDeactivation(TimeSpan.FromMinutes(5));

    Task<DriftReport> IRunSink.AnalyzeDriftAsync(Guid runId, IReadOnlyList<DriftSample> samples) =>
        Timed("drift", () => GrainFactory.GetGrain<IDriftAnalyzerGrain>(Id).AnalyzeAsync(runId, samples));

    Task<BatchWriteResult> IRunSink.WriteBatchAsync(IngestionBatch batch) => Timed("write", () => store.WriteBatchAsync(batch, CancellationToken.None));

    async Task IRunSink.BatchCommittedAsync(SourceCheckpoint checkpoint, RunInfo progress, BatchCounts counts)
    {
        state.State.Checkpoint = checkpoint;
        state.State.ActiveRun = progress;
        var phase = System.Diagnostics.Stopwatch.GetTimestamp();
        await PersistAsync();
        _tracker?.Phases.Add("checkpoint", phase);
        metrics.BatchCommitted(Id, counts.Read, counts.Written, counts.Rejections);
        dataChanged.Publish(Id);
    }

    void IRunSink.RenamesChanged(IReadOnlyDictionary<string, string> renames)
    {
        metrics.SchemaReread(Id);
        RememberRenames(RunDefinition, renames); // stored with the next checkpoint
    }

    void IRunSink.FailureInjected(FailureType type) => metrics.FailureInjected(Id, FailureTypes.Name(type));

    Task IRunSink.LinkMentionsAsync(Guid runId) => Timed("mentions", async () =>
    {
        await LinkMentionsAsync(RunDefinition, runId);
        return true;
    });

    /// <summary>Times a step of the run into its phase (see <see cref="RunPhases"/>).</summary>
    private Task<T> Timed<T>(string phase, Func<Task<T>> step) => _tracker is { } tracker ? tracker.Phases.TimeAsync(phase, step) : step();

    /// <summary>Counts a finished run and says the source's data changed (the run log has its record).</summary>
    private void RunFinished(RunInfo run)
    {
        metrics.RunFinished(run);
        dataChanged.Publish(run.Source);
    }

    /// <summary>The renames the last run applied, when the policy is still evolve and the configured mapping unchanged.</summary>
    private IReadOnlyDictionary<string, string> RememberedRenames(SourceDefinition d) =>
        d.Drift.Policy == DriftPolicy.Evolve && d.Kind != SourceKind.Rss
        && state.State.AppliedRenames is { Count: > 0 } remembered && state.State.AppliedRenamesMapping == MappingKey(d)
            ? remembered
            : NoRenames;

    private void RememberRenames(SourceDefinition d, IReadOnlyDictionary<string, string> renames)
    {
        state.State.AppliedRenames = renames.Count == 0 ? null : new Dictionary<string, string>(renames);
        state.State.AppliedRenamesMapping = renames.Count == 0 ? null : MappingKey(d);
    }

    private static string MappingKey(SourceDefinition d) =>
        string.Join(';', d.Columns.OrderBy(c => c.Key, StringComparer.OrdinalIgnoreCase).Select(c => $"{c.Key.ToUpperInvariant()}={c.Value}"));
}
