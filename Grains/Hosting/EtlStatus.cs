using System.Globalization;
using Kasparro.Grains.Interfaces.Queries;
using Kasparro.Grains.Interfaces.Sources;

namespace Kasparro.Grains.Hosting;

/// <summary>
/// One source as /health reports it. <see cref="Status"/> is <c>disabled</c>, <c>running</c>,
/// <c>never_run</c>, or the status of its last run (<c>success</c>, <c>failed</c>).
/// <see cref="RecordsProcessed"/> counts the records its finished runs read (stored or rejected).
/// </summary>
public sealed record EtlStatus(
    string Status,
    bool Enabled,
    DateTime? LastSuccessfulRun,
    DateTime? LastFailedRun,
    Cursor LastCursor,
    long RecordsProcessed)
{
    public static EtlStatus From(SourceStatus source, RunSummary? summary)
    {
        ArgumentNullException.ThrowIfNull(source);
        var status = !source.Enabled ? "disabled"
            : source.ActiveRun is not null ? "running"
            : source.LastRun is { } last ? (last.Status == RunStatus.Failed ? "failed" : "success")
            : "never_run";
        return new EtlStatus(
            status, source.Enabled, summary?.LastSuccessfulRun, summary?.LastFailedRun,
            Cursor.From(source.Checkpoint), summary?.RecordsRead ?? 0);
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
