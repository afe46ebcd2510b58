using System.Globalization;
using Kasparro.Grains.Interfaces.Queries;
using Kasparro.Grains.Interfaces.Runs;
using Kasparro.Grains.Interfaces.Sources;
using Kasparro.Grains.Normalization;

namespace Kasparro.Hosting;

/// <summary>
/// One source as /health reports it. <see cref="Status"/> is <c>disabled</c>, <c>running</c>,
/// <c>never_run</c>, or the outcome of its last run: <c>success</c>, <c>failed</c>, <c>degraded</c>
/// (it succeeded but carries a run health anomaly such as <c>high_rejection_rate</c>), or <c>cancelled</c>
/// (an operator stopped it: neither a failure nor a degradation, so it never makes the cluster unhealthy). <see cref="Reason"/>
/// says why a source is failed or degraded (null otherwise). <see cref="RecordsProcessed"/> counts
/// the records its finished runs read (stored or rejected).
/// </summary>
public sealed record EtlStatus(
    string Status,
    bool Enabled,
    DateTime? LastSuccessfulRun,
    DateTime? LastFailedRun,
    Cursor LastCursor,
    long RecordsProcessed,
    string? Reason = null)
{
    /// <summary>Anomalies that make a successful run's source degraded (the others are informative).</summary>
    public static readonly IReadOnlySet<string> DegradingRules = new HashSet<string>(StringComparer.Ordinal) { AnomalyRules.HighRejectionRate };

    public static EtlStatus From(SourceStatus source, RunSummary? summary)
    {
        ArgumentNullException.ThrowIfNull(source);
        var degrading = source.LastRun?.Anomalies.FirstOrDefault(a => DegradingRules.Contains(a.Rule));
        var status = !source.Enabled ? "disabled"
            : source.ActiveRun is not null ? "running"
            : source.LastRun is { } last ? (last.Status switch
            {
                RunStatus.Failed => "failed",
                RunStatus.Cancelled => "cancelled",
                _ => degrading is not null ? "degraded" : "success",
            })
            : "never_run";
        var reason = status switch
        {
            "failed" => $"{source.LastRun!.ErrorType}: {PublicText.RedactOrNull(source.LastRun.ErrorMessage)}",
            "degraded" => $"{degrading!.Rule}: {degrading.Message}",
            _ => null,
        };
        return new EtlStatus(
            status, source.Enabled, summary?.LastSuccessfulRun, summary?.LastFailedRun,
            Cursor.From(source.Checkpoint), summary?.RecordsRead ?? 0, reason);
    }
}

/// <summary>Where a source's checkpoint stands, in a line a person can read (e.g. <c>line 68, byte 5321</c>).</summary>
public sealed record Cursor(long RecordsCommitted, DateTime? UpdatedAt, string Position)
{
    public static Cursor From(SourceCheckpoint checkpoint)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        var position = checkpoint switch
        {
            { Csv: { } csv } => string.Create(CultureInfo.InvariantCulture, $"line {csv.Line}, byte {csv.ByteOffset}"),
            { CoinGecko: { CycleComplete: true } } => "cycle complete",
            { CoinGecko: { } gecko } => string.Create(CultureInfo.InvariantCulture, $"page {gecko.NextPage}"),
            { Rss.LastPublished: { } published } => string.Create(CultureInfo.InvariantCulture, $"published {published:O}"),
            _ => "start",
        };
        return new Cursor(checkpoint.RecordsCommitted, checkpoint.UpdatedAt, position);
    }
}
