using System.Diagnostics;
using Kasparro.Grains.Drift;
using Kasparro.Grains.Interfaces.Drift;
using Kasparro.Grains.Interfaces.Sources;
using Kasparro.Grains.Resilience;
using Kasparro.Grains.Telemetry;
using Microsoft.Extensions.Logging;

namespace Kasparro.Grains.Runs;

/// <content>The drift policy applied to a batch, and the in-order commits of the writes under way.</content>
public sealed partial class RunPipeline
{
    private static readonly IReadOnlyDictionary<string, string> NoRenames = new Dictionary<string, string>();

    /// <summary>
    /// Asks the source's drift analyzer about the batch's sample, before anything of it is written,
    /// and applies the source's policy: returns the renames the batch should be read with (under
    /// <c>evolve</c>), or fails the run (under <c>freeze</c>) once the batches before it are committed.
    /// </summary>
    private async Task<IReadOnlyDictionary<string, string>> CheckDriftAsync(PreparedBatch batch, IReadOnlyDictionary<string, string> current)
    {
        if (batch.DriftSamples.Count == 0)
        {
            return current; // nothing new in this batch (an unchanged API page): nothing to look at
        }

        DriftReport report;
        try
        {
            report = await sink.AnalyzeDriftAsync(RunId, batch.DriftSamples);
        }
        catch (Exception ex) when (source.Drift.Policy != DriftPolicy.Freeze)
        {
            // Drift analysis informs; under warn and evolve a run does not stop because it is unavailable.
            logger.DriftAnalysisFailed(ex, source.Id, RunId);
            return current;
        }

        var decision = DriftPolicies.Decide(source.Drift.Policy, report);
        tracker.Drift.Add(report, source.Drift.Policy, decision, renamesApply: source.Kind != SourceKind.Rss);
        switch (decision)
        {
            case DriftDecision.FailRun fail:
                await CommitAllAsync();
                throw new SchemaDriftException(fail.Reason);
            case DriftDecision.ApplyRenames apply when source.Kind != SourceKind.Rss:
                return apply.Renames;
            default:
                // No drift, or none that renames can mend: the configured mapping (which also undoes
                // renames applied earlier in the run if the source went back to its old names).
                return source.Drift.Policy == DriftPolicy.Evolve ? NoRenames : current;
        }
    }

    /// <summary>Commits every pending write, oldest first; the first failed one stops the run there.</summary>
    private async Task CommitAllAsync()
    {
        while (_pending.Count > 0)
        {
            await CommitOldestAsync();
        }
    }

    /// <summary>Waits for the oldest pending write and, if it completed the batch, moves the checkpoint past it.</summary>
    private async Task CommitOldestAsync()
    {
        var oldest = _pending.Dequeue();
        using var span = oldest.Span;
        try
        {
            var started = Stopwatch.GetTimestamp();
            var written = await oldest.Completion;
            if (oldest.FailAt is { } at)
            {
                // The worst case on purpose: part of the batch is durable, the checkpoint is not moved.
                sink.FailureInjected(injector.Type);
                throw InjectedFailures.Create(injector.Type, source.Id, oldest.FirstRecord + at);
            }

            var rejections = oldest.Batch.RejectionsByReason(written.Refused);
            tracker.BatchCommitted(oldest.Batch.Count, written.Written, rejections, oldest.Batch.CheckpointAfter);
            var waited = Stopwatch.GetElapsedTime(started);
            await sink.BatchCommittedAsync(oldest.Batch.CheckpointAfter, tracker.Snapshot(), new BatchCounts(oldest.Batch.Count, written.Written, rejections));
            span?.SetTag("kasparro.batch.committed", true).SetTag("kasparro.batch.written", written.Written);
            if (logger.IsEnabled(LogLevel.Debug))
            {
                logger.BatchCommitted(source.Id, oldest.Batch.Count, waited.TotalMilliseconds, (Stopwatch.GetElapsedTime(started) - waited).TotalMilliseconds);
            }
        }
        catch (Exception ex)
        {
            span?.SetTag("kasparro.batch.committed", false);
            KasparroTracing.Failed(span, ex);
            throw;
        }
    }

    private static bool SameRenames(IReadOnlyDictionary<string, string> a, IReadOnlyDictionary<string, string> b) =>
        a.Count == b.Count && a.All(r => b.TryGetValue(r.Key, out var other) && string.Equals(other, r.Value, StringComparison.OrdinalIgnoreCase));
}
