using Kasparro.Grains.Interfaces.Drift;
using Kasparro.Grains.Persistence;
using Kasparro.Grains.Sources;
using Kasparro.Grains.Storage;
using Kasparro.Grains.Telemetry;
using Microsoft.Extensions.Logging;

namespace Kasparro.Grains.Drift;

/// <summary>
/// The drift analyzer of one source (key = source id). Compares each sample with the expected
/// schema (the declared one of the source's kind and column map, or the one learned from the
/// first clean runs when <c>Drift:LearnFromRuns</c> is set), keeps the recent reports in its state,
/// writes every report to the drift log and counts it in the metrics. Its state is named "drift":
/// the ADO.NET grain storage keys state by grain id and state name, not grain type, so it must not
/// share the source grain's "source".
/// </summary>
[GrainType("drift-analyzer")]
public sealed class DriftAnalyzerGrain(
    [PersistentState("drift", StorageNames.GrainState)] IPersistentState<DriftState> state,
    Control.SourceDirectory sources,
    IDriftStore store,
    KasparroMetrics metrics,
    TimeProvider time,
    ILogger<DriftAnalyzerGrain> logger) : Grain, IDriftAnalyzerGrain
{
    /// <summary>Most records one analysis takes: samples are small by design.</summary>
    public const int MaxSamples = 1000;

    private StateConflictGuard? _stateWrites;

    /// <summary>After an ETag conflict the activation deactivates and the next call reads the stored state (see the guard).</summary>
    private StateConflictGuard StateWrites => _stateWrites ??= new StateConflictGuard(this, logger);

    /// <summary>The source's definition as the registry holds it (through the silo's directory).</summary>
    private ValueTask<SourceDefinition> DefinitionAsync() => sources.DefinitionAsync(this.GetPrimaryKeyString());

    public async Task<DriftReport> AnalyzeAsync(Guid runId, IReadOnlyList<DriftSample> samples)
    {
        ArgumentNullException.ThrowIfNull(samples);
        if (samples.Count > MaxSamples)
        {
            throw new ArgumentException($"A drift sample holds at most {MaxSamples} records; this one has {samples.Count}.", nameof(samples));
        }

        var d = await DefinitionAsync();
        var declared = ExpectedSchemas.For(d);
        var learning = CurrentLearning(d, declared);
        var schema = learning?.Learned ?? declared;
        var profile = SampleProfile.Build(samples);
        var report = SchemaDriftAnalyzer.Analyze(schema, profile, d.Id, runId, time.GetUtcNow().UtcDateTime);

        if (learning is not null && SchemaLearner.Observe(learning, declared, profile, report, runId, d.Drift.LearnFromRuns))
        {
            logger.SchemaLearned(d.Id, learning.CleanRuns.Count, learning.Learned!.Fields.Count);
        }

        state.State.AddToHistory(report, d.Drift.HistoryLimit);
        await LogAsync(report, d.Drift.HistoryLimit);
        await StateWrites.WriteAsync(state);
        metrics.DriftAnalyzed(report);
        if (report.DriftDetected)
        {
            logger.DriftFound(
                d.Id, runId, report.Confidence, report.Breaking, string.Join(", ", report.MissingFields), string.Join(", ", report.ExtraFields),
                string.Join(", ", report.FuzzyMatches.Select(m => $"{m.Expected}->{m.Observed}")),
                string.Join(", ", report.TypeChanges.Select(t => $"{t.Field}:{t.Expected}->{t.Observed}")));
        }

        return report;
    }

    public async Task<long> Purge()
    {
        var deleted = await store.PurgeSourceAsync(this.GetPrimaryKeyString(), CancellationToken.None);
        await state.ClearStateAsync();
        DeactivateOnIdle();
        return deleted;
    }

    public Task<IReadOnlyList<DriftReport>> GetRecentReports(int limit) =>
        Task.FromResult<IReadOnlyList<DriftReport>>(state.State.History.Take(Math.Max(1, limit)).ToList());

    public async Task<DriftAnalyzerStatus> GetStatus()
    {
        var d = await DefinitionAsync();
        var declared = ExpectedSchemas.For(d);
        var learning = d.Drift.LearnFromRuns > 0 && state.State.Learning?.Fingerprint == declared.Fingerprint() ? state.State.Learning : null;
        return new DriftAnalyzerStatus(
            d.Id, learning?.Learned ?? declared, learning?.Learned is not null, learning?.CleanRuns.Count ?? 0,
            d.Drift.LearnFromRuns, state.State.History.FirstOrDefault());
    }

    /// <summary>The learning to use, started over when the declaration changed; null when learning is off.</summary>
    private DriftLearning? CurrentLearning(SourceDefinition d, ExpectedSchema declared)
    {
        if (d.Drift.LearnFromRuns <= 0)
        {
            return null;
        }

        var fingerprint = declared.Fingerprint();
        if (state.State.Learning?.Fingerprint != fingerprint)
        {
            state.State.Learning = new DriftLearning { Fingerprint = fingerprint };
        }

        return state.State.Learning;
    }

    /// <summary>
    /// Writes the report (and any earlier ones the log could not take) to the drift log. A log that
    /// is down does not fail the analysis: the reports wait in state for the next one.
    /// </summary>
    private async Task LogAsync(DriftReport report, int limit)
    {
        state.State.Unlogged.Add(report);
        try
        {
            while (state.State.Unlogged.Count > 0)
            {
                await store.RecordAsync(state.State.Unlogged[0], CancellationToken.None);
                state.State.Unlogged.RemoveAt(0);
            }
        }
        catch (Exception ex)
        {
            logger.ReportNotLogged(ex, report.Source, report.ReportId);
            if (state.State.Unlogged.Count > limit)
            {
                state.State.Unlogged.RemoveRange(0, state.State.Unlogged.Count - limit);
            }
        }
    }
}
