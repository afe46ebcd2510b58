using System.Text.Json;
using System.Text.Json.Nodes;
using Kasparro.Grains.Interfaces.Alerts;
using Kasparro.Grains.Interfaces.Drift;

namespace Kasparro.Grains.Alerts;

/// <summary>
/// <c>drift.detected</c>, one per distinct drift a run saw (id <c>drift.detected:{run}:{fingerprint}</c>),
/// with the summary Airbyte's schema change notices give: fields missing, new, renamed (with the
/// match's confidence), retyped (from, to), null-rate jumps; whether it is breaking; the source's
/// policy and what the run did about it (<see cref="DriftOutcomes"/>). Critical when breaking.
/// </summary>
public static class DriftAlerts
{
    public static IReadOnlyList<AlertEvent> For(Guid runId, string source, IReadOnlyList<ObservedDrift> drifts)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(drifts);
        return [.. drifts.Select(d => Detected(runId, source, d))];
    }

    private static AlertEvent Detected(Guid runId, string source, ObservedDrift drift)
    {
        var r = drift.Report;
        var policy = JsonNamingPolicy.SnakeCaseLower.ConvertName(drift.Policy.ToString());
        var data = new JsonObject
        {
            ["run_id"] = runId.ToString("D"),
            ["schema"] = r.SchemaName,
            ["policy"] = policy,
            ["decision"] = drift.Decision,
            ["breaking"] = r.Breaking,
            ["breaking_fields"] = AlertData.Strings(r.BreakingFields),
            ["confidence"] = r.Confidence,
            ["missing"] = AlertData.Strings(r.MissingFields),
            ["new"] = AlertData.Strings(r.ExtraFields),
            ["renamed"] = new JsonArray([.. r.FuzzyMatches.Select(m => new JsonObject
            {
                ["from"] = m.Expected, ["to"] = m.Observed, ["confidence"] = m.Score, ["key"] = m.Key,
            })]),
            ["retyped"] = new JsonArray([.. r.TypeChanges.Select(t => new JsonObject
            {
                ["field"] = t.Field, ["from"] = Name(t.Expected), ["to"] = Name(t.Observed), ["key"] = t.Key,
            })]),
            ["null_rate_changes"] = new JsonArray([.. r.NullRateChanges.Select(n => new JsonObject
            {
                ["field"] = n.Field, ["expected"] = n.Expected, ["observed"] = n.Observed,
            })]),
            ["applied_renames"] = AlertData.Sorted(drift.AppliedRenames, v => JsonValue.Create(v)),
            ["reason"] = AlertText.Message(drift.Reason),
            ["reports"] = drift.Reports,
            ["sample_size"] = r.SampleSize,
            ["report_id"] = r.ReportId.ToString("D"),
        };
        return new AlertEvent(
            AlertIds.ForRun(AlertKinds.DriftDetected, runId, drift.Fingerprint), AlertKinds.DriftDetected, source, r.DetectedAt,
            r.Breaking ? AlertKinds.Critical : AlertKinds.Warning, Summary(runId, source, drift, policy), runId, AlertData.Text(data));
    }

    private static string Summary(Guid runId, string source, ObservedDrift drift, string policy)
    {
        var r = drift.Report;
        var parts = new List<string>();
        Add(parts, "missing", r.MissingFields);
        Add(parts, "new", r.ExtraFields);
        Add(parts, "renamed", r.FuzzyMatches.Select(m => AlertText.Invariant($"{m.Expected} -> {m.Observed} ({m.Score:0.##})")));
        Add(parts, "retyped", r.TypeChanges.Select(t => $"{t.Field} {Name(t.Expected)} -> {Name(t.Observed)}"));
        Add(parts, "null rate up", r.NullRateChanges.Select(n => n.Field));
        var what = parts.Count == 0 ? "" : ": " + string.Join("; ", parts);
        return AlertText.Invariant(
            $"{(r.Breaking ? "Breaking schema" : "Schema")} drift in source {source} (run {AlertText.Short(runId)}, schema {r.SchemaName}, confidence {r.Confidence:0.##}){what}; policy {policy}: {drift.Decision}.");
    }

    private static void Add(List<string> parts, string label, IEnumerable<string> fields)
    {
        var list = fields.ToList();
        if (list.Count > 0)
        {
            // A summary is one line: name a few fields, count the rest.
            var shown = string.Join(", ", list.Take(5));
            parts.Add(list.Count > 5 ? $"{label} {shown} and {list.Count - 5} more" : $"{label} {shown}");
        }
    }

    private static string Name(FieldType type) => JsonNamingPolicy.SnakeCaseLower.ConvertName(type.ToString());
}
