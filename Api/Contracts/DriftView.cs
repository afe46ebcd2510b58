using Kasparro.Grains.Interfaces.Drift;

namespace Kasparro.Api.Contracts;

/// <summary>A drift report, as <c>/drift</c> lists it. Field names inside the lists are the source's own.</summary>
public sealed record DriftView(
    Guid ReportId,
    string Source,
    Guid? RunId,
    string SchemaName,
    bool DriftDetected,
    bool Breaking,
    double Confidence,
    IReadOnlyList<string> MissingFields,
    IReadOnlyList<string> ExtraFields,
    IReadOnlyList<DriftView.Match> FuzzyMatches,
    IReadOnlyList<DriftView.Retype> TypeChanges,
    IReadOnlyList<DriftView.NullRate> NullRateChanges,
    IReadOnlyList<string> Warnings,
    IReadOnlyList<string> BreakingFields,
    int SampleSize,
    DateTime DetectedAt)
{
    public static DriftView From(DriftReport r)
    {
        ArgumentNullException.ThrowIfNull(r);
        return new DriftView(
            r.ReportId, r.Source, r.RunId, r.SchemaName, r.DriftDetected, r.Breaking, r.Confidence, r.MissingFields, r.ExtraFields,
            r.FuzzyMatches.Select(m => new Match(m.Expected, m.Observed, m.Score, m.Key)).ToArray(),
            r.TypeChanges.Select(t => new Retype(t.Field, Name(t.Expected), Name(t.Observed), t.Key)).ToArray(),
            r.NullRateChanges.Select(n => new NullRate(n.Field, n.Expected, n.Observed)).ToArray(),
            r.Warnings, r.BreakingFields, r.SampleSize, r.DetectedAt);
    }

    private static string Name(FieldType type) => type.ToString().ToLowerInvariant();

    /// <summary>An expected field found under another name, with its similarity score.</summary>
    public sealed record Match(string Expected, string Observed, double Score, bool Key);

    /// <summary>A field whose values arrive as another type.</summary>
    public sealed record Retype(string Field, string Expected, string Observed, bool Key);

    /// <summary>A field null (or absent) in a larger share of the sample than expected.</summary>
    public sealed record NullRate(string Field, double Expected, double Observed);
}
