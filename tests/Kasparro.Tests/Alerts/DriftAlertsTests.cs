using System.Text.Json;
using Kasparro.Grains.Alerts;
using Kasparro.Grains.Drift;
using Kasparro.Grains.Interfaces.Alerts;
using Kasparro.Grains.Interfaces.Drift;
using static Kasparro.Tests.Drift.DriftSamplesFor;

namespace Kasparro.Tests.Alerts;

/// <summary>drift.detected under each policy: the summary (missing, new, renamed with confidence, retyped) and the decision.</summary>
public sealed class DriftAlertsTests
{
    private static readonly Guid RunId = Guid.Parse("3f2a0000-0000-0000-0000-000000000001");

    private static readonly ExpectedSchema Mapped = CsvSchema(new Dictionary<string, string> { ["price"] = "current_price" });

    /// <summary>current_price arrives as currentPrice, volume_24h as vol24h, and a column is new.</summary>
    private static DriftReport Renamed(int rows = 10) => Analyze(Mapped, Csv((_, row) =>
    {
        row["currentPrice"] = row["price"];
        row["vol24h"] = row["volume_24h"];
        row["exchange"] = "x";
        row.Remove("price");
        row.Remove("volume_24h");
    }, rows));

    private static DriftReport KeyMissing() => Analyze(CsvSchema(), Csv((_, row) => row.Remove("timestamp")));

    private static IReadOnlyList<AlertEvent> Alerts(DriftPolicy policy, bool renamesApply, params DriftReport[] reports)
    {
        var log = new RunDriftLog();
        foreach (var report in reports)
        {
            log.Add(report, policy, DriftPolicies.Decide(policy, report), renamesApply);
        }

        return DriftAlerts.For(RunId, "csv", log.Seen);
    }

    private static JsonElement Data(AlertEvent e) => JsonDocument.Parse(e.Data).RootElement;

    private static string[] Strings(JsonElement e, string name) => [.. e.GetProperty(name).EnumerateArray().Select(x => x.GetString()!)];

    [Fact]
    public void Evolve_with_a_confident_rename_reports_evolved_with_the_renames_and_their_confidence()
    {
        var alert = Assert.Single(Alerts(DriftPolicy.Evolve, true, Renamed()));
        var data = Data(alert);

        Assert.Equal(("evolve", "evolved"), (data.GetProperty("policy").GetString(), data.GetProperty("decision").GetString()));
        var renamed = data.GetProperty("renamed").EnumerateArray().ToDictionary(r => r.GetProperty("from").GetString()!, r => r);
        Assert.Equal("currentPrice", renamed["current_price"].GetProperty("to").GetString());
        Assert.Equal("vol24h", renamed["volume_24h"].GetProperty("to").GetString());
        Assert.InRange(renamed["current_price"].GetProperty("confidence").GetDouble(), FieldMatcher.Threshold, 1);
        Assert.Equal("currentPrice", data.GetProperty("applied_renames").GetProperty("current_price").GetString());
        Assert.Equal(["exchange"], Strings(data, "new"));
        Assert.Empty(Strings(data, "missing"));
        Assert.Equal(AlertKinds.Warning, alert.Severity);
        Assert.Equal((AlertKinds.DriftDetected, "csv", (Guid?)RunId), (alert.Kind, alert.Source, alert.RunId));
        Assert.StartsWith("Schema drift in source csv (run 3f2a0000…", alert.Summary, StringComparison.Ordinal);
        Assert.Contains("new exchange; renamed ", alert.Summary, StringComparison.Ordinal);
        Assert.Contains("current_price -> currentPrice (", alert.Summary, StringComparison.Ordinal);
        Assert.EndsWith("policy evolve: evolved.", alert.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void Warn_reports_warned_with_the_drift_recorded()
    {
        var alert = Assert.Single(Alerts(DriftPolicy.Warn, true, Renamed()));

        Assert.Equal("warned", Data(alert).GetProperty("decision").GetString());
        Assert.Empty(Data(alert).GetProperty("applied_renames").EnumerateObject());
        Assert.EndsWith("policy warn: warned.", alert.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void Freeze_on_breaking_drift_reports_frozen_critical_with_the_reason()
    {
        var alert = Assert.Single(Alerts(DriftPolicy.Freeze, true, KeyMissing()));
        var data = Data(alert);

        Assert.Equal("frozen", data.GetProperty("decision").GetString());
        Assert.Equal(AlertKinds.Critical, alert.Severity);
        Assert.True(data.GetProperty("breaking").GetBoolean());
        Assert.Equal(["timestamp"], Strings(data, "breaking_fields"));
        Assert.Equal(["timestamp"], Strings(data, "missing"));
        Assert.Contains("key fields missing: timestamp", data.GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.StartsWith("Breaking schema drift in source csv", alert.Summary, StringComparison.Ordinal);
        Assert.Contains("missing timestamp", alert.Summary, StringComparison.Ordinal);
        Assert.EndsWith("policy freeze: frozen.", alert.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void A_retyped_field_is_reported_with_both_types()
    {
        var report = Analyze(CoinGeckoSchema(), CoinGecko(i => Coin(i, currentPrice: "\"1\"")));

        var data = Data(Assert.Single(Alerts(DriftPolicy.Freeze, true, report)));

        var retyped = Assert.Single(data.GetProperty("retyped").EnumerateArray());
        Assert.Equal(("current_price", "number", "string", true),
            (retyped.GetProperty("field").GetString(), retyped.GetProperty("from").GetString(), retyped.GetProperty("to").GetString(), retyped.GetProperty("key").GetBoolean()));
    }

    [Fact]
    public void Evolve_without_a_confident_rename_and_feeds_under_evolve_report_warned()
    {
        Assert.Equal("warned", Data(Assert.Single(Alerts(DriftPolicy.Evolve, true, KeyMissing()))).GetProperty("decision").GetString());
        Assert.Equal("warned", Data(Assert.Single(Alerts(DriftPolicy.Evolve, false, Renamed()))).GetProperty("decision").GetString());
    }

    [Fact]
    public void Freeze_on_non_breaking_drift_reports_warned()
    {
        var extraOnly = Analyze(CsvSchema(), Csv((_, row) => row["exchange"] = "x"));

        Assert.Equal("warned", Data(Assert.Single(Alerts(DriftPolicy.Freeze, true, extraOnly))).GetProperty("decision").GetString());
    }

    [Fact]
    public void The_same_drift_in_several_batches_is_one_event_per_run_and_another_drift_another()
    {
        var alerts = Alerts(DriftPolicy.Warn, true, Renamed(10), Renamed(25), KeyMissing(), Renamed(7));

        Assert.Equal(2, alerts.Count);
        Assert.Equal(3, Data(alerts[0]).GetProperty("reports").GetInt32());
        Assert.Equal(1, Data(alerts[1]).GetProperty("reports").GetInt32());
        Assert.All(alerts, a => Assert.Matches($"^drift\\.detected:{RunId:N}:[0-9a-f]{{12}}$", a.Id));
        Assert.NotEqual(alerts[0].Id, alerts[1].Id);
    }

    [Fact]
    public void Ids_and_data_are_stable_for_the_same_drift()
    {
        var report = Renamed();

        var first = Alerts(DriftPolicy.Evolve, true, report);
        var again = Alerts(DriftPolicy.Evolve, true, report with { });
        var otherSample = Alerts(DriftPolicy.Evolve, true, Renamed(30));

        Assert.Equal(first, again);
        Assert.Equal(first[0].Id, otherSample[0].Id); // the fingerprint leaves sample-dependent figures out
    }

    [Fact]
    public void A_report_without_drift_raises_nothing()
    {
        Assert.Empty(Alerts(DriftPolicy.Freeze, true, Analyze(CsvSchema(), Csv())));
    }
}
