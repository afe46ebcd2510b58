using System.Globalization;
using Kasparro.Grains.Interfaces.Drift;

namespace Kasparro.Grains.Drift;

/// <summary>
/// Compares a sample of raw records with an expected schema. Expected fields are found by name
/// (case-insensitively, as the normalizers read them), else by a confident fuzzy match among the
/// fields nobody expects (see <see cref="FieldMatcher"/>); what is left is missing, and observed
/// fields neither expected, matched nor known are extra. Found fields are checked for type changes
/// and null-rate jumps. Pure: same input, same report.
/// </summary>
public static class SchemaDriftAnalyzer
{
    /// <summary>A null-rate jump: the observed null rate exceeds the expected one by at least this much (30 points).</summary>
    public const double NullRateJump = 0.3;

    /// <summary>Warn when more than this share of the expected fields is missing.</summary>
    public const double MissingWarningShare = 0.5;

    /// <summary>Warn when more than this share of the observed fields is new.</summary>
    public const double NewFieldsWarningShare = 0.3;

    public static DriftReport Analyze(
        ExpectedSchema schema, IReadOnlyList<DriftSample> samples, string source, Guid? runId, DateTime detectedAt) =>
        Analyze(schema, SampleProfile.Build(samples), source, runId, detectedAt);

    public static DriftReport Analyze(ExpectedSchema schema, SampleProfile profile, string source, Guid? runId, DateTime detectedAt)
    {
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentNullException.ThrowIfNull(profile);
        if (profile.Records == 0)
        {
            return new DriftReport(Guid.NewGuid(), source, runId, schema.Name, false, false, 1.0, [], [], [], [], [], [], [], 0, detectedAt);
        }

        var found = new List<(ExpectedField Field, FieldProfile Observed)>();
        var unmatched = new List<ExpectedField>();
        foreach (var field in schema.Fields)
        {
            if (profile.Find(field.Name) is { } observed)
            {
                found.Add((field, observed));
            }
            else
            {
                unmatched.Add(field);
            }
        }

        var taken = new HashSet<string>(found.Select(f => f.Observed.Name), StringComparer.OrdinalIgnoreCase);
        var known = new HashSet<string>(schema.Known, StringComparer.OrdinalIgnoreCase);
        var candidates = profile.Fields.Select(f => f.Name).Where(n => !taken.Contains(n) && !known.Contains(n)).ToList();
        var fuzzy = new List<FuzzyMatch>();
        foreach (var (expected, observed, score) in FieldMatcher.Match(unmatched.Select(f => f.Name).ToList(), candidates))
        {
            var field = unmatched.First(f => f.Name == expected);
            fuzzy.Add(new FuzzyMatch(expected, observed, Math.Round(score, 4), field.Key));
            found.Add((field, profile.Find(observed)!));
        }

        var renamed = new HashSet<string>(fuzzy.Select(f => f.Observed), StringComparer.OrdinalIgnoreCase);
        var missing = unmatched.Where(f => !fuzzy.Any(m => m.Expected == f.Name)).ToList();
        var extra = candidates.Where(n => !renamed.Contains(n)).ToList();

        var typeChanges = new List<TypeChange>();
        var nullRates = new List<NullRateChange>();
        foreach (var (field, observed) in found.OrderBy(f => IndexOf(schema, f.Field)))
        {
            if (TypeCompatibility.Changed(field.Type, observed, schema.Json) is { } type)
            {
                typeChanges.Add(new TypeChange(field.Name, field.Type, type, field.Key));
            }

            var rate = profile.NullRate(observed);
            if (rate - field.NullRate >= NullRateJump - 1e-9)
            {
                nullRates.Add(new NullRateChange(field.Name, field.NullRate, Math.Round(rate, 4)));
            }
        }

        var breaking = missing.Where(f => f.Key).Select(f => f.Name)
            .Concat(typeChanges.Where(t => t.Key).Select(t => t.Field))
            .Distinct(StringComparer.Ordinal)
            .ToList();
        var confidence = schema.Fields.Count == 0 ? 1.0 : Math.Round((double)(schema.Fields.Count - missing.Count) / schema.Fields.Count, 4);
        var warnings = Warnings(schema, profile, missing, extra);
        var drift = missing.Count > 0 || extra.Count > 0 || fuzzy.Count > 0 || typeChanges.Count > 0 || nullRates.Count > 0;

        return new DriftReport(
            Guid.NewGuid(), source, runId, schema.Name, drift, breaking.Count > 0, confidence,
            missing.Select(f => f.Name).ToList(), extra, fuzzy, typeChanges, nullRates, warnings, breaking,
            profile.Records, detectedAt);
    }

    private static List<string> Warnings(ExpectedSchema schema, SampleProfile profile, List<ExpectedField> missing, List<string> extra)
    {
        var warnings = new List<string>();
        if (missing.Count > schema.Fields.Count * MissingWarningShare)
        {
            warnings.Add(Invariant(
                $"{missing.Count} of {schema.Fields.Count} expected fields are missing ({Percent(missing.Count, schema.Fields.Count)}): {string.Join(", ", missing.Select(f => f.Name))}"));
        }

        if (extra.Count > profile.Fields.Count * NewFieldsWarningShare)
        {
            warnings.Add(Invariant(
                $"{extra.Count} of {profile.Fields.Count} fields are new ({Percent(extra.Count, profile.Fields.Count)}): {string.Join(", ", extra)}"));
        }

        if (profile.Unreadable > 0)
        {
            warnings.Add(Invariant($"{profile.Unreadable} of {profile.Records} sampled records are not JSON objects"));
        }

        return warnings;
    }

    private static int IndexOf(ExpectedSchema schema, ExpectedField field)
    {
        for (var i = 0; i < schema.Fields.Count; i++)
        {
            if (ReferenceEquals(schema.Fields[i], field))
            {
                return i;
            }
        }

        return schema.Fields.Count;
    }

    private static string Percent(int part, int whole) => Invariant($"{100.0 * part / whole:0}%");

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
