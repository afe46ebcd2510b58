namespace Kasparro.Grains.Interfaces.Drift;

/// <summary>
/// The drift analyzer of one source (key = source id). Compares samples of raw records with the
/// source's expected schema (declared per connector kind, or learned from the first clean
/// analyses), keeps a bounded history and logs every report.
/// </summary>
[Alias("kasparro.IDriftAnalyzerGrain")]
public interface IDriftAnalyzerGrain : IGrainWithStringKey
{
    /// <summary>Analyzes one sample (see the sampler), records the report and returns it.</summary>
    [Alias("AnalyzeAsync")]
    Task<DriftReport> AnalyzeAsync(Guid runId, IReadOnlyList<DriftSample> samples);

    /// <summary>The most recent reports, newest first, from the bounded history in grain state.</summary>
    [Alias("GetRecentReports")]
    Task<IReadOnlyList<DriftReport>> GetRecentReports(int limit);

    [Alias("GetStatus")]
    Task<DriftAnalyzerStatus> GetStatus();

    /// <summary>
    /// Forgets the source's drift (its source is purged): deletes its reports from the drift log,
    /// clears its state (history, learned schema) and deactivates. Returns the drift log rows deleted.
    /// </summary>
    [Alias("Purge")]
    Task<long> Purge();
}
