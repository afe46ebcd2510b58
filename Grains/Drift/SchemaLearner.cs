using Kasparro.Grains.Interfaces.Drift;

namespace Kasparro.Grains.Drift;

/// <summary>
/// Learns a source's schema from its first clean analyses (<c>Drift:LearnFromRuns = N</c>). An
/// analysis is clean when every declared field was found under its own name with its declared type
/// (extra fields and null rates are what learning is for). Its sample's fields, types and null
/// rates are merged; once N distinct runs gave a clean analysis, the learned schema (the declared
/// fields with their learned null rates, plus the fields the source also sends) is the expected one.
/// </summary>
public static class SchemaLearner
{
    public static bool IsClean(DriftReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        return report.SampleSize > 0 && report.MissingFields.Count == 0 && report.FuzzyMatches.Count == 0 && report.TypeChanges.Count == 0;
    }

    /// <summary>
    /// Merges a clean analysis into the learning; returns true when this completed the learned schema.
    /// Does nothing once learning is complete or when the analysis is not clean.
    /// </summary>
    public static bool Observe(DriftLearning learning, ExpectedSchema declared, SampleProfile profile, DriftReport report, Guid runId, int learnFromRuns)
    {
        ArgumentNullException.ThrowIfNull(learning);
        ArgumentNullException.ThrowIfNull(declared);
        ArgumentNullException.ThrowIfNull(profile);
        if (learning.Learned is not null || learnFromRuns <= 0 || !IsClean(report))
        {
            return false;
        }

        var known = new HashSet<string>(declared.Known, StringComparer.OrdinalIgnoreCase);
        foreach (var observed in profile.Fields.Where(f => !known.Contains(f.Name)))
        {
            var field = learning.Fields.Find(f => f.Name.Equals(observed.Name, StringComparison.OrdinalIgnoreCase));
            if (field is null)
            {
                // Not in the samples before this one: it was absent (null) there.
                field = new LearnedField { Name = observed.Name, MaxNullRate = learning.Samples > 0 ? 1 : 0 };
                learning.Fields.Add(field);
            }

            foreach (var (type, count) in observed.Types)
            {
                field.Types[type] = field.Types.GetValueOrDefault(type) + count;
            }

            field.MaxNullRate = Math.Max(field.MaxNullRate, profile.NullRate(observed));
        }

        foreach (var absent in learning.Fields.Where(f => profile.Find(f.Name) is null))
        {
            absent.MaxNullRate = 1;
        }

        learning.Samples++;
        if (!learning.CleanRuns.Contains(runId))
        {
            learning.CleanRuns.Add(runId);
        }

        if (learning.CleanRuns.Count < learnFromRuns)
        {
            return false;
        }

        learning.Learned = Build(declared, learning);
        return true;
    }

    /// <summary>
    /// The declared fields (types and key flags as declared, null rates at least those learned),
    /// then the other fields seen, typed by their most frequent type, in the order first seen.
    /// </summary>
    public static ExpectedSchema Build(ExpectedSchema declared, DriftLearning learning)
    {
        ArgumentNullException.ThrowIfNull(declared);
        ArgumentNullException.ThrowIfNull(learning);
        LearnedField? Find(string name) => learning.Fields.Find(f => f.Name.Equals(name, StringComparison.OrdinalIgnoreCase));
        var fields = declared.Fields
            .Select(f => f with { NullRate = Math.Round(Math.Max(f.NullRate, Find(f.Name)?.MaxNullRate ?? 0), 4) })
            .ToList();
        foreach (var extra in learning.Fields.Where(l => !declared.Fields.Any(f => f.Name.Equals(l.Name, StringComparison.OrdinalIgnoreCase))))
        {
            var type = extra.Types.Count == 0
                ? FieldType.String
                : extra.Types.OrderByDescending(t => t.Value).ThenBy(t => t.Key).First().Key;
            fields.Add(new ExpectedField(extra.Name, type, false, Math.Round(extra.MaxNullRate, 4)));
        }

        return new ExpectedSchema($"{declared.Name}+learned", declared.Json, fields, declared.Known);
    }
}
