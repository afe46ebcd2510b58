using System.Globalization;
using Kasparro.Grains.Interfaces.Drift;

namespace Kasparro.Grains.Drift;

/// <summary>The decision a policy takes on a drift report. Pure.</summary>
public static class DriftPolicies
{
    /// <summary>
    /// <list type="bullet">
    /// <item>No drift: <see cref="DriftDecision.Continue"/>, whatever the policy.</item>
    /// <item><see cref="DriftPolicy.Evolve"/>: the confident renames (score ≥ 0.7) if there are any, else continue.</item>
    /// <item><see cref="DriftPolicy.Warn"/>: continue (the drift is recorded by the analyzer).</item>
    /// <item><see cref="DriftPolicy.Freeze"/>: fail on breaking drift (a key field missing or retyped) and
    /// also when a key field is only there under a new name, since freeze applies no renames and the
    /// batch would otherwise be rejected record by record; continue otherwise.</item>
    /// </list>
    /// </summary>
    public static DriftDecision Decide(DriftPolicy policy, DriftReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        if (!report.DriftDetected)
        {
            return new DriftDecision.Continue();
        }

        switch (policy)
        {
            case DriftPolicy.Evolve:
                var renames = Renames(report);
                return renames.Count > 0 ? new DriftDecision.ApplyRenames(renames) : new DriftDecision.Continue();
            case DriftPolicy.Freeze:
                var renamedKeys = report.FuzzyMatches.Where(m => m.Key).Select(m => $"{m.Expected} (now '{m.Observed}')").ToList();
                if (report.Breaking || renamedKeys.Count > 0)
                {
                    return new DriftDecision.FailRun(FreezeReason(report, renamedKeys));
                }

                return new DriftDecision.Continue();
            default:
                return new DriftDecision.Continue();
        }
    }

    /// <summary>Expected field → observed field, for the fuzzy matches at or above the threshold.</summary>
    public static IReadOnlyDictionary<string, string> Renames(DriftReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var renames = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var match in report.FuzzyMatches.Where(m => m.Score >= FieldMatcher.Threshold))
        {
            renames.TryAdd(match.Expected, match.Observed);
        }

        return renames;
    }

    private static string FreezeReason(DriftReport report, List<string> renamedKeys)
    {
        var parts = new List<string>();
        var missing = report.MissingFields.Where(f => report.BreakingFields.Contains(f)).ToList();
        if (missing.Count > 0)
        {
            parts.Add($"key fields missing: {string.Join(", ", missing)}");
        }

        var retyped = report.TypeChanges.Where(t => t.Key).Select(t => $"{t.Field} ({t.Expected} -> {t.Observed})").ToList();
        if (retyped.Count > 0)
        {
            parts.Add($"key fields retyped: {string.Join(", ", retyped)}");
        }

        if (renamedKeys.Count > 0)
        {
            parts.Add($"key fields renamed: {string.Join(", ", renamedKeys)}");
        }

        return string.Create(CultureInfo.InvariantCulture,
            $"Schema drift under the freeze policy (schema {report.SchemaName}, confidence {report.Confidence:0.####}): {string.Join("; ", parts)}.");
    }
}
