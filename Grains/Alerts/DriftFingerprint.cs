using System.Security.Cryptography;
using System.Text;
using Kasparro.Grains.Interfaces.Drift;

namespace Kasparro.Grains.Alerts;

/// <summary>
/// A short stable hash of what a drift is: schema, breaking or not, missing, new, renamed
/// (expected → observed), retyped (field, from, to) and null-rate fields, each sorted. Sample-dependent
/// figures (confidence, scores, rates, sample size) stay out, so every batch of a run that shows the
/// same drift gives the same fingerprint, and the alert id (<c>drift.detected:{run}:{hash}</c>) with it.
/// </summary>
public static class DriftFingerprint
{
    /// <summary>Hex digits kept: 48 bits, plenty to tell apart the few drifts one run can see.</summary>
    public const int Length = 12;

    public static string Of(DriftReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var text = new StringBuilder()
            .Append("schema=").Append(report.SchemaName)
            .Append("\nbreaking=").Append(report.Breaking ? '1' : '0')
            .Append("\nmissing=").AppendJoin('\u001f', Sorted(report.MissingFields))
            .Append("\nnew=").AppendJoin('\u001f', Sorted(report.ExtraFields))
            .Append("\nrenamed=").AppendJoin('\u001f', Sorted(report.FuzzyMatches.Select(m => $"{m.Expected}\u001e{m.Observed}")))
            .Append("\nretyped=").AppendJoin('\u001f', Sorted(report.TypeChanges.Select(t => $"{t.Field}\u001e{t.Expected}\u001e{t.Observed}")))
            .Append("\nnull_rate=").AppendJoin('\u001f', Sorted(report.NullRateChanges.Select(n => n.Field)))
            .ToString();
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(text));
        return Convert.ToHexStringLower(hash)[..Length];
    }

    private static IEnumerable<string> Sorted(IEnumerable<string> values) => values.Order(StringComparer.Ordinal);
}
