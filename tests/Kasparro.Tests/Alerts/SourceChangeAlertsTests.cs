using System.Text.Json;
using Kasparro.Grains.Alerts;
using Kasparro.Grains.Interfaces.Alerts;
using Kasparro.Grains.Interfaces.Control;

namespace Kasparro.Tests.Alerts;

/// <summary>Which audit events raise an alert, of which kind, with what data.</summary>
public sealed class SourceChangeAlertsTests
{
    private static readonly DateTime At = new(2024, 6, 1, 12, 0, 0, DateTimeKind.Utc);

    private static SourceEvent Change(string kind, string by = "ops-key", IReadOnlyDictionary<string, SettingChange>? changes = null) =>
        new(Guid.NewGuid(), "csv", At, kind, by, 4, changes ?? new Dictionary<string, SettingChange>(), $"{kind} through the API");

    [Theory]
    [InlineData(SourceEventKinds.Paused, AlertKinds.SourcePaused)]
    [InlineData(SourceEventKinds.Resumed, AlertKinds.SourceResumed)]
    [InlineData(SourceEventKinds.Created, AlertKinds.SourceChanged)]
    [InlineData(SourceEventKinds.Replaced, AlertKinds.SourceChanged)]
    [InlineData(SourceEventKinds.Deleted, AlertKinds.SourceChanged)]
    [InlineData(SourceEventKinds.Purged, AlertKinds.SourceChanged)]
    [InlineData(SourceEventKinds.Reset, AlertKinds.SourceChanged)]
    [InlineData(SourceEventKinds.Replayed, AlertKinds.SourceChanged)]
    [InlineData(SourceEventKinds.FailureInjectionSet, AlertKinds.SourceChanged)]
    public void Api_changes_raise_their_kind_with_a_stable_id(string change, string kind)
    {
        var e = Change(change);

        var alert = SourceChangeAlerts.For(e)!;

        Assert.Equal((kind, $"{kind}:{e.EventId:N}", "csv", At, (Guid?)null), (alert.Kind, alert.Id, alert.Source, alert.OccurredAt, alert.RunId));
        var data = JsonDocument.Parse(alert.Data).RootElement;
        Assert.Equal((change, "ops-key", 4L), (data.GetProperty("change").GetString(), data.GetProperty("by").GetString(), data.GetProperty("version").GetInt64()));
        Assert.Equal($"Source csv: {change} through the API (by ops-key, version 4).", alert.Summary);
    }

    [Theory]
    [InlineData(SourceEventKinds.Declared)]
    [InlineData(SourceEventKinds.Undeclared)]
    [InlineData(SourceEventKinds.RunCancelled)]
    public void Configuration_changes_and_cancelled_runs_raise_nothing(string change)
    {
        Assert.Null(SourceChangeAlerts.For(Change(change)));
    }

    [Fact]
    public void Changes_read_from_configuration_raise_nothing()
    {
        Assert.Null(SourceChangeAlerts.For(Change(SourceEventKinds.Replaced, by: "configuration")));
        Assert.Empty(SourceChangeAlerts.For([Change(SourceEventKinds.Paused, by: "configuration"), Change(SourceEventKinds.Declared)]));
    }

    [Fact]
    public void The_changes_are_carried_sorted_with_secrets_as_masked_in_the_event()
    {
        var e = Change(SourceEventKinds.Replaced, changes: new Dictionary<string, SettingChange>
        {
            ["Url"] = new("a.csv", "b.csv"),
            ["CoinGecko:ApiKey"] = new("***", "***"),
            ["BatchSize"] = new(null, "500"),
        });

        var alert = SourceChangeAlerts.For(e)!;
        var again = SourceChangeAlerts.For(e)!;

        Assert.Equal(alert, again);
        Assert.Equal(
            """{"event_id":"EVENT","change":"replaced","by":"ops-key","version":4,"detail":"replaced through the API","changes":{"BatchSize":{"before":null,"after":"500"},"CoinGecko:ApiKey":{"before":"***","after":"***"},"Url":{"before":"a.csv","after":"b.csv"}}}""",
            alert.Data.Replace(e.EventId.ToString(), "EVENT", StringComparison.Ordinal));
        Assert.Equal(AlertKinds.Info, alert.Severity);
        Assert.Equal(AlertKinds.Warning, SourceChangeAlerts.For(Change(SourceEventKinds.Purged))!.Severity);
    }
}
