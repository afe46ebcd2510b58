using Kasparro.Grains.Interfaces.Runs;
using Kasparro.Grains.Interfaces.Sources;
using Kasparro.Grains.Runs;
using static Kasparro.Tests.Runs.RunSamples;

namespace Kasparro.Tests.Runs;

public sealed class RunHistoryScorerTests
{
    private static readonly long[] Steady = [100, 140, 60, 120, 80]; // median 100, MAD 20: scale 29.652

    [Fact]
    public void Fewer_than_five_past_runs_score_nothing_however_odd_the_run()
    {
        var history = History([100, 100, 100, 100]);

        Assert.Empty(RunHistoryScorer.Score(Run(1_000_000, TimeSpan.FromHours(5)), history));
    }

    [Fact]
    public void Failed_runs_and_the_run_itself_do_not_count_as_history()
    {
        var run = Run(1_000_000);
        var history = History([100, 100, 100, 100])
            .Append(run)
            .Concat(Enumerable.Range(0, 5).Select(_ => Run(100, status: RunStatus.Failed)))
            .Append(Run(100, status: RunStatus.Running))
            .ToArray();

        Assert.Empty(RunHistoryScorer.Score(run, history));
    }

    [Fact]
    public void A_run_still_going_is_not_scored()
    {
        Assert.Empty(RunHistoryScorer.Score(Run(1_000_000, status: RunStatus.Running), History([1, 1, 1, 1, 1, 1])));
    }

    [Theory]
    [InlineData(203, false)] // z = 103 / 29.652 = 3.47
    [InlineData(204, true)]  // z = 3.51
    [InlineData(-3, false)]  // not a real count, but the boundary mirrors: z = -3.47
    [InlineData(0, false)]   // z = -3.37
    public void The_threshold_is_3_5_robust_standard_deviations(long records, bool flagged)
    {
        var anomalies = RunHistoryScorer.Score(Run(records), History(Steady));

        Assert.Equal(flagged, anomalies.Any(a => a.Rule == AnomalyRules.RecordsOutlier));
    }

    [Fact]
    public void An_outlier_is_flagged_with_its_statistics()
    {
        var anomaly = Assert.Single(RunHistoryScorer.Score(Run(400), History(Steady)));

        Assert.Equal(AnomalyRules.RecordsOutlier, anomaly.Rule);
        Assert.Equal(400, anomaly.Values["records"]);
        Assert.Equal(100, anomaly.Values["median"]);
        Assert.Equal(20, anomaly.Values["mad"]);
        Assert.Equal(29.652, anomaly.Values["scale"], 9);
        Assert.Equal(300 / 29.652, anomaly.Values["robust_z"], 9);
        Assert.Equal(3.5, anomaly.Values["threshold"]);
        Assert.Equal(5, anomaly.Values["history_runs"]);
        Assert.Equal("The run read 400 records; the last 5 successful runs read a median of 100 (robust z 10.1, limit ±3.5).", anomaly.Message);
    }

    [Fact]
    public void A_low_outlier_is_flagged_too()
    {
        var anomaly = Assert.Single(RunHistoryScorer.Score(Run(2), History([1000, 1010, 990, 1005, 995, 1000])));

        Assert.Equal(AnomalyRules.RecordsOutlier, anomaly.Rule);
        Assert.True(anomaly.Values["robust_z"] < -3.5);
    }

    [Fact]
    public void A_normal_run_among_noisy_history_is_not_flagged()
    {
        var history = History([100, 104, 98, 102, 97, 101, 99], [1.0, 1.2, 0.9, 1.1, 1.3, 0.8, 1.0]);

        Assert.Empty(RunHistoryScorer.Score(Run(103, TimeSpan.FromSeconds(1.25)), history));
    }

    [Fact]
    public void With_MAD_zero_the_spread_is_a_tenth_of_the_median()
    {
        var identical = History([100, 100, 100, 100, 100, 100]);

        Assert.Empty(RunHistoryScorer.Score(Run(135), identical)); // z = 35 / 10 = 3.5 exactly: not beyond
        var anomaly = Assert.Single(RunHistoryScorer.Score(Run(136), identical));
        Assert.Equal(0, anomaly.Values["mad"]);
        Assert.Equal(10, anomaly.Values["scale"]);
        Assert.Equal(3.6, anomaly.Values["robust_z"], 9);
    }

    [Fact]
    public void With_MAD_zero_and_a_median_of_zero_the_spread_is_one_record()
    {
        var empty = History([0, 0, 0, 0, 0]);

        Assert.Empty(RunHistoryScorer.Score(Run(0), empty));
        Assert.Empty(RunHistoryScorer.Score(Run(3), empty));
        var anomaly = Assert.Single(RunHistoryScorer.Score(Run(4), empty));
        Assert.Equal(1, anomaly.Values["scale"]);
        Assert.Equal(4, anomaly.Values["robust_z"]);
    }

    [Fact]
    public void Durations_are_scored_like_records_with_a_floor_of_a_tenth_of_a_second()
    {
        var history = History([100, 100, 100, 100, 100], [1, 1, 1, 1, 1]);

        Assert.Empty(RunHistoryScorer.Score(Seconds(1.3), history)); // z = 3
        var slow = Assert.Single(RunHistoryScorer.Score(Seconds(1.5), history));
        Assert.Equal(AnomalyRules.DurationOutlier, slow.Rule);
        Assert.Equal(1.5, slow.Values["duration_seconds"]);
        Assert.Equal(0.1, slow.Values["scale"], 9);
        Assert.Equal(5, slow.Values["robust_z"], 9);

        // Instant history: the absolute floor of 0.1 s, not a division by zero.
        var instant = History([100, 100, 100, 100, 100], [0, 0, 0, 0, 0]);
        Assert.Empty(RunHistoryScorer.Score(Run(100, TimeSpan.Zero), instant));
        Assert.Equal(AnomalyRules.DurationOutlier, Assert.Single(RunHistoryScorer.Score(Seconds(0.5), instant)).Rule);
    }

    [Fact]
    public void Only_the_twenty_most_recent_successful_runs_count()
    {
        var recent = Enumerable.Repeat(1000L, RunHistoryScorer.Window);
        var older = Enumerable.Repeat(10L, 30);
        var history = History([.. recent, .. older]);

        Assert.Empty(RunHistoryScorer.Score(Run(1000), history));
        Assert.Equal(RunHistoryScorer.Window, Assert.Single(RunHistoryScorer.Score(Run(10), history)).Values["history_runs"]);
    }

    [Fact]
    public void Both_figures_can_be_outliers_at_once()
    {
        var rules = RunHistoryScorer.Score(Run(5000, TimeSpan.FromSeconds(60)), History(Steady)).Select(a => a.Rule);

        Assert.Equal([AnomalyRules.RecordsOutlier, AnomalyRules.DurationOutlier], rules);
    }

    [Fact]
    public void Median_and_MAD_of_odd_and_even_samples()
    {
        Assert.Equal(3, RobustStatistics.Median([5, 1, 3]));
        Assert.Equal(2.5, RobustStatistics.Median([4, 1, 3, 2]));
        Assert.Equal(1, RobustStatistics.MedianAbsoluteDeviation([1, 2, 3, 4, 100], 3));
        Assert.Throws<ArgumentException>(() => RobustStatistics.Median([]));
        Assert.Throws<ArgumentOutOfRangeException>(() => RobustStatistics.Score(1, [1, 1, 1], 0));
    }
}
