using System.Text.Json;
using Kasparro.Grains.Alerts;
using Kasparro.Grains.Interfaces.Alerts;
using Kasparro.Grains.Interfaces.Runs;
using Kasparro.Grains.Interfaces.Sources;
using Kasparro.Tests.Runs;

namespace Kasparro.Tests.Alerts;

/// <summary>The rejection-rate alert (threshold, minimum records) and one anomaly alert per rule.</summary>
public sealed class RunQualityAlertsTests
{
    private static readonly AlertOptions Options = new() { RejectionRate = 0.2, RejectionRateMinRecords = 20 };

    private static RunInfo Rejecting(long read, long rejected, RunStatus status = RunStatus.Success) =>
        RunSamples.Run(read, status: status) with
        {
            RecordsWritten = read - rejected,
            RecordsRejected = rejected,
            Rejections = rejected == 0 ? new Dictionary<string, long>() : new Dictionary<string, long>
            {
                ["bad_price"] = rejected / 2,
                ["missing_id"] = rejected - (rejected / 2) - 1,
                ["bad_time"] = 1,
            },
        };

    private static JsonElement Data(AlertEvent e) => JsonDocument.Parse(e.Data).RootElement;

    [Theory]
    [InlineData(100, 20, false)] // exactly the threshold is fine
    [InlineData(100, 21, true)]
    [InlineData(20, 5, true)]    // the minimum read counts
    [InlineData(19, 19, false)]  // under the minimum: too few to judge
    [InlineData(0, 0, false)]
    public void The_rejection_threshold_is_exclusive_and_needs_the_minimum_records(long read, long rejected, bool raised)
    {
        var alert = RunQualityAlerts.HighRejectionRate(Rejecting(read, rejected), Options);

        Assert.Equal(raised, alert is not null);
    }

    [Fact]
    public void The_rejection_alert_names_the_rate_threshold_and_top_reasons()
    {
        var run = Rejecting(100, 40, RunStatus.Failed) with { ErrorType = "network_error" };

        var alert = Assert.Single(RunAlerts.For(run, null, [], Options), a => a.Kind == AlertKinds.HighRejectionRate);

        Assert.Equal($"run.high_rejection_rate:{run.RunId:N}", alert.Id);
        Assert.Equal(AlertKinds.Warning, alert.Severity);
        Assert.Equal(0.4, Data(alert).GetProperty("rate").GetDouble());
        Assert.Equal(0.2, Data(alert).GetProperty("threshold").GetDouble());
        Assert.Equal(
            ["bad_price:20", "missing_id:19", "bad_time:1"],
            Data(alert).GetProperty("top_reasons").EnumerateArray().Select(r => $"{r.GetProperty("reason").GetString()}:{r.GetProperty("count").GetInt64()}"));
        Assert.Contains("rejected 40 of 100 records (40%), above the alert threshold of 20%", alert.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void Each_anomaly_rule_raises_one_event_with_its_values()
    {
        var run = RunSamples.Run(500) with
        {
            Anomalies =
            [
                new RunAnomaly(AnomalyRules.RecordsOutlier, "The run read 500 records.", new Dictionary<string, double> { ["records"] = 500, ["history_runs"] = 2, ["median"] = 100 }),
                new RunAnomaly(AnomalyRules.DurationOutlier, "The run took long.", new Dictionary<string, double> { ["duration_seconds"] = 9 }),
            ],
        };
        var earlier = new[] { RunSamples.Run(100), RunSamples.Run(status: RunStatus.Failed), RunSamples.Run(90), RunSamples.Run(95) };

        var anomalies = RunAlerts.For(run, FailureStreak.Of(earlier), earlier, Options).Where(a => a.Kind == AlertKinds.RunAnomaly).ToList();

        Assert.Equal([$"run.anomaly:{run.RunId:N}:records_outlier", $"run.anomaly:{run.RunId:N}:duration_outlier"], anomalies.Select(a => a.Id));
        var outlier = Data(anomalies[0]);
        Assert.Equal("records_outlier", outlier.GetProperty("rule").GetString());
        Assert.Equal("The run read 500 records.", outlier.GetProperty("message").GetString());
        Assert.Equal(["history_runs", "median", "records"], outlier.GetProperty("values").EnumerateObject().Select(p => p.Name)); // sorted
        Assert.Equal([earlier[0].RunId.ToString(), earlier[2].RunId.ToString()], outlier.GetProperty("compared_runs").EnumerateArray().Select(e => e.GetString()));
        Assert.False(Data(anomalies[1]).TryGetProperty("compared_runs", out _));
        Assert.All(anomalies, a => Assert.Equal(AlertKinds.Warning, a.Severity));
    }
}
