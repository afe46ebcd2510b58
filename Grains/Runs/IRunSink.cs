using Kasparro.Grains.Interfaces.Drift;
using Kasparro.Grains.Interfaces.Sources;
using Kasparro.Grains.Normalization;
using Kasparro.Grains.Storage;

namespace Kasparro.Grains.Runs;

/// <summary>
/// What a <see cref="RunPipeline"/> needs from the source that owns the run (the source grain in the
/// silo, a fake in tests). Calls come on the caller's scheduler one at a time, except
/// <see cref="WriteBatchAsync"/>, which the pipeline runs on the thread pool.
/// </summary>
public interface IRunSink
{
    /// <summary>The assets stored so far (from any source), for news items to mention.</summary>
    Task<IReadOnlyList<KnownAsset>> GetKnownAssetsAsync();

    /// <summary>A batch is ready: the run is working (a long run must not be collected as idle).</summary>
    void BatchArrived();

    /// <summary>The drift report of a batch's sample; may fail (the policy decides what a failure means).</summary>
    Task<DriftReport> AnalyzeDriftAsync(Guid runId, IReadOnlyList<DriftSample> samples);

    /// <summary>Writes a batch durably and idempotently (one transaction); runs on the thread pool.</summary>
    Task<BatchWriteResult> WriteBatchAsync(IngestionBatch batch);

    /// <summary>
    /// A batch is durable and counted in <paramref name="progress"/>: store <paramref name="checkpoint"/>
    /// durably (the run fails when this throws), then count the batch and say the source's data changed.
    /// </summary>
    Task BatchCommittedAsync(SourceCheckpoint checkpoint, RunInfo progress, BatchCounts counts);

    /// <summary>The run reads again from its checkpoint with these renames (evolve); they are stored with the next checkpoint.</summary>
    void RenamesChanged(IReadOnlyDictionary<string, string> renames);

    /// <summary>Failure injection cut a batch short: the run fails right after this.</summary>
    void FailureInjected(FailureType type);

    /// <summary>The run wrote something (or completed): link news mentions to the stored assets; never throws.</summary>
    Task LinkMentionsAsync(Guid runId);
}
