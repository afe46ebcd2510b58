using Kasparro.Grains.Interfaces.Sources;
using Kasparro.Hosting;

namespace Kasparro.Api.Contracts;

/// <summary>
/// A configured source as its grain sees it now. <c>applied_renames</c>: the field renames the
/// <c>evolve</c> drift policy reads the source with (configured name to the source's new name).
/// <c>paused</c>: since when, why and by which key the source is paused, null when it is not. Answered
/// alone (by the control endpoints) it carries request_id and timestamp; inside a list it does not.
/// </summary>
public sealed record SourceView(
    string Id,
    string Kind,
    bool Enabled,
    string Interval,
    double IntervalSeconds,
    DateTime? NextDueAt,
    CheckpointView Checkpoint,
    RunView? ActiveRun,
    RunView? LastRun,
    FailureInjectionView FailureInjection,
    IReadOnlyDictionary<string, string> AppliedRenames,
    PauseView? Paused) : ApiResponse
{
    public static SourceView From(SourceStatus s, DateTime now)
    {
        ArgumentNullException.ThrowIfNull(s);
        return new SourceView(
            s.Source, s.Kind.ToString().ToLowerInvariant(), s.Enabled, s.Interval.ToString("c", System.Globalization.CultureInfo.InvariantCulture),
            s.Interval.TotalSeconds, s.NextDueAt, CheckpointView.From(s.Checkpoint),
            s.ActiveRun is { } active ? RunView.From(active, now) : null,
            s.LastRun is { } last ? RunView.From(last, now) : null,
            FailureInjectionView.From(s.Source, s.FailureInjection),
            s.AppliedRenames ?? new Dictionary<string, string>(),
            s.Paused is { } pause ? new PauseView(pause.At, pause.Reason, pause.By) : null);
    }
}

/// <summary>A checkpoint: how much is durable, where the next run starts, and the kind's own figures.</summary>
public sealed record CheckpointView(long RecordsCommitted, DateTime? UpdatedAt, string Position, IReadOnlyDictionary<string, object?>? Details)
{
    public static CheckpointView From(SourceCheckpoint c)
    {
        ArgumentNullException.ThrowIfNull(c);
        var cursor = Cursor.From(c);
        IReadOnlyDictionary<string, object?>? details = c switch
        {
            { Csv: { } csv } => new Dictionary<string, object?>
            {
                ["byte_offset"] = csv.ByteOffset,
                ["line"] = csv.Line,
                ["file_size"] = csv.FileSize,
                ["file_modified_utc"] = csv.FileModifiedUtc,
            },
            { CoinGecko: { } g } => new Dictionary<string, object?>
            {
                ["next_page"] = g.NextPage,
                ["cycle_complete"] = g.CycleComplete,
                ["coins_tracked"] = g.LastUpdated?.Count ?? 0,
            },
            { Rss: { } r } => new Dictionary<string, object?>
            {
                ["last_published"] = r.LastPublished,
                ["keys_at_boundary"] = r.KeysAtBoundary.Count,
            },
            _ => null,
        };
        return new CheckpointView(cursor.RecordsCommitted, cursor.UpdatedAt, cursor.Position, details);
    }
}

/// <summary>A source's failure injection settings, as applied (probability clamped into 0..1).</summary>
public sealed record FailureInjectionView(string Source, bool Enabled, double Probability, long? FailAtRecord, string FailureType, int? Seed)
    : ApiResponse
{
    public static FailureInjectionView From(string source, FailureInjectionSettings f)
    {
        ArgumentNullException.ThrowIfNull(f);
        return new FailureInjectionView(source, f.Enabled, f.Probability, f.FailAtRecord, FailureTypes.Name(f.Type), f.Seed);
    }
}

/// <summary><c>GET /sources</c>.</summary>
public sealed record SourcesResponse(IReadOnlyList<SourceView> Sources) : ApiResponse;

/// <summary>
/// The body of <c>PUT /sources/{source}/failure-injection</c>. It replaces the settings whole: <c>enabled</c>
/// is required; absent, the others are probability 0, no fail_at_record, failure_type network_error, no seed.
/// </summary>
public sealed record FailureInjectionBody(bool? Enabled, double? Probability, long? FailAtRecord, string? FailureType, int? Seed);
