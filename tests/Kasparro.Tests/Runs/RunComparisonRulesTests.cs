using Kasparro.Grains.Interfaces.Runs;
using Kasparro.Grains.Interfaces.Sources;
using Kasparro.Grains.Runs;
using static Kasparro.Tests.Runs.RunSamples;

namespace Kasparro.Tests.Runs;

public sealed class RunComparisonRulesTests
{
    private static readonly DateTime Now = T0.AddHours(1);

    private static RunComparison Compare(RunInfo run1, RunInfo run2) => RunComparisonRules.Compare(run1, run2, Now);

    private static string[] Rules(RunComparison c) => c.Anomalies.Select(a => a.Rule).ToArray();

    [Fact]
    public void Alike_runs_differ_in_nothing()
    {
        var run1 = Run(100);
        var run2 = Run(100);

        var c = Compare(run1, run2);

        Assert.Empty(c.Anomalies);
        Assert.Equal((run1.RunId, run2.RunId, "csv"), (c.RunId1, c.RunId2, c.Source));
        Assert.Equal((0L, 0.0, 0.0, 0.0), (c.RecordsDifference, c.RecordsDifferencePercent!.Value, c.DurationDifferenceSeconds, c.DurationDifferencePercent!.Value));
        Assert.False(c.StatusChanged);
        Assert.Same(run1, c.Run1);
        Assert.Same(run2, c.Run2);
    }

    [Theory]
    [InlineData(100, 150, false)] // exactly +50%: not more than 50%
    [InlineData(100, 151, true)]
    [InlineData(100, 50, false)]  // exactly -50%
    [InlineData(100, 49, true)]
    [InlineData(3, 5, true)]      // +66.7%
    [InlineData(1_000_000, 1_500_000, false)]
    public void Record_count_change_is_an_anomaly_beyond_50_percent_of_run_1(long before, long after, bool flagged)
    {
        var c = Compare(Run(before), Run(after));

        Assert.Equal(after - before, c.RecordsDifference);
        Assert.Equal((after - before) * 100.0 / before, c.RecordsDifferencePercent!.Value, 9);
        Assert.Equal(flagged, Rules(c).Contains(AnomalyRules.RecordCountChange));
    }

    [Fact]
    public void A_flagged_record_change_carries_its_figures()
    {
        var anomaly = Assert.Single(Compare(Run(200), Run(500)).Anomalies);

        Assert.Equal(AnomalyRules.RecordCountChange, anomaly.Rule);
        Assert.Equal("The record count went from 200 to 500 (+150%), a change of more than 50%.", anomaly.Message);
        Assert.Equal(new Dictionary<string, double> { ["records_before"] = 200, ["records_after"] = 500, ["threshold_percent"] = 50, ["change_percent"] = 150 }, anomaly.Values);
    }

    [Fact]
    public void From_zero_records_the_percentage_is_null_and_any_record_is_a_change()
    {
        var none = Compare(Run(0, TimeSpan.FromSeconds(1), RunStatus.Failed), Run(0, TimeSpan.FromSeconds(1), RunStatus.Failed));
        Assert.Null(none.RecordsDifferencePercent);
        Assert.Empty(none.Anomalies);

        var some = Compare(Run(0), Run(7));
        Assert.Null(some.RecordsDifferencePercent);
        Assert.Equal(7, some.RecordsDifference);
        var anomaly = Assert.Single(some.Anomalies);
        Assert.Equal(AnomalyRules.RecordCountChange, anomaly.Rule);
        Assert.False(anomaly.Values.ContainsKey("change_percent"));
        Assert.Equal(7, anomaly.Values["records_after"]);
    }

    [Fact]
    public void Duration_exactly_doubled_is_not_an_anomaly_a_tick_more_is()
    {
        var doubled = Compare(Seconds(1), Seconds(2));
        Assert.Equal(1.0, doubled.DurationDifferenceSeconds);
        Assert.Equal(100.0, doubled.DurationDifferencePercent);
        Assert.DoesNotContain(AnomalyRules.DurationDoubled, Rules(doubled));

        var more = Compare(Seconds(1), Run(100, TimeSpan.FromSeconds(2) + TimeSpan.FromTicks(1)));
        var anomaly = Assert.Single(more.Anomalies);
        Assert.Equal(AnomalyRules.DurationDoubled, anomaly.Rule);
        Assert.Equal(2.0000001, anomaly.Values["ratio"], 9);
        Assert.Equal(1.0, anomaly.Values["duration_before_seconds"]);
    }

    [Fact]
    public void A_shorter_run_is_a_negative_difference()
    {
        var c = Compare(Seconds(4), Seconds(3));

        Assert.Equal(-1.0, c.DurationDifferenceSeconds);
        Assert.Equal(-25.0, c.DurationDifferencePercent);
        Assert.Empty(c.Anomalies);
    }

    [Fact]
    public void From_zero_seconds_the_percentage_is_null_and_any_time_is_more_than_double()
    {
        var instant = Compare(Run(100, TimeSpan.Zero), Run(100, TimeSpan.Zero));
        Assert.Null(instant.DurationDifferencePercent);
        Assert.Equal(0.0, instant.DurationDifferenceSeconds);
        Assert.DoesNotContain(AnomalyRules.DurationDoubled, Rules(instant));

        var longer = Compare(Run(100, TimeSpan.Zero), Seconds(1));
        Assert.Null(longer.DurationDifferencePercent);
        Assert.Equal(1.0, longer.DurationDifferenceSeconds);
        var anomaly = Assert.Single(longer.Anomalies);
        Assert.Equal(AnomalyRules.DurationDoubled, anomaly.Rule);
        Assert.False(anomaly.Values.ContainsKey("ratio"));
    }

    [Fact]
    public void Under_a_tenth_of_a_second_is_suspiciously_fast_exactly_a_tenth_is_not()
    {
        var tenth = Compare(Run(100, TimeSpan.FromMilliseconds(100)), Run(100, TimeSpan.FromMilliseconds(100)));
        Assert.Empty(tenth.Anomalies);

        var faster = Compare(Run(100, TimeSpan.FromMilliseconds(100)), Run(100, TimeSpan.FromMilliseconds(100) - TimeSpan.FromTicks(1)));
        var anomaly = Assert.Single(faster.Anomalies);
        Assert.Equal(AnomalyRules.SuspiciouslyFast, anomaly.Rule);
        Assert.Equal(0.1, anomaly.Values["threshold_seconds"]);
        Assert.Equal(0.0999999, anomaly.Values["duration_seconds"], 9);

        // Only run 2 is judged: a fast baseline is not flagged.
        Assert.DoesNotContain(AnomalyRules.SuspiciouslyFast, Rules(Compare(Run(100, TimeSpan.FromMilliseconds(10)), Seconds(0.15))));
    }

    [Fact]
    public void A_run_still_going_is_measured_to_now_and_never_called_fast()
    {
        var running = Run(100, status: RunStatus.Running, startedAt: Now.AddMilliseconds(-50));

        var c = Compare(Seconds(1), running);

        Assert.Equal(-0.95, c.DurationDifferenceSeconds, 9);
        Assert.True(c.StatusChanged);
        Assert.Empty(c.Anomalies);
    }

    [Fact]
    public void Durations_are_never_negative_even_when_clocks_disagree()
    {
        var skewed = Run(100, TimeSpan.FromSeconds(-3));

        Assert.Equal(TimeSpan.Zero, RunComparisonRules.Duration(skewed, Now));
        Assert.Equal(-1.0, Compare(Seconds(1), skewed).DurationDifferenceSeconds);
    }

    [Theory]
    [InlineData(RunStatus.Success, RunStatus.Failed, true, true)]
    [InlineData(RunStatus.Failed, RunStatus.Success, true, false)]
    [InlineData(RunStatus.Failed, RunStatus.Failed, false, false)]
    [InlineData(RunStatus.Success, RunStatus.Success, false, false)]
    [InlineData(RunStatus.Success, RunStatus.Running, true, false)]
    public void Status_degrades_only_from_success_to_failed(RunStatus status1, RunStatus status2, bool changed, bool degraded)
    {
        var c = Compare(Run(100, status: status1), Run(100, status: status2, startedAt: Now.AddSeconds(-1)));

        Assert.Equal(changed, c.StatusChanged);
        Assert.Equal(degraded, Rules(c).Contains(AnomalyRules.StatusDegraded));
        if (degraded)
        {
            Assert.Contains("network_error", c.Anomalies.Single(a => a.Rule == AnomalyRules.StatusDegraded).Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Success_with_zero_records_is_an_anomaly_of_run_2_only()
    {
        var zero = Compare(Run(0), Run(0));
        Assert.Equal([AnomalyRules.ZeroRecords], Rules(zero));

        Assert.DoesNotContain(AnomalyRules.ZeroRecords, Rules(Compare(Run(0), Run(1))));
        Assert.Empty(Compare(Run(0, status: RunStatus.Failed), Run(0, status: RunStatus.Failed)).Anomalies);
    }

    [Fact]
    public void Several_rules_fire_together_in_a_stable_order()
    {
        var c = Compare(Run(1000, TimeSpan.FromMilliseconds(20)), Run(0, TimeSpan.FromMilliseconds(50)));

        Assert.Equal(
            [AnomalyRules.RecordCountChange, AnomalyRules.DurationDoubled, AnomalyRules.SuspiciouslyFast, AnomalyRules.ZeroRecords],
            Rules(c));
        Assert.Equal(-100.0, c.RecordsDifferencePercent);
        Assert.Equal(150.0, c.DurationDifferencePercent!.Value, 9);
        Assert.All(c.Anomalies.SelectMany(a => a.Values.Values), v => Assert.True(double.IsFinite(v)));
    }
}
