using Kasparro.Grains.Interfaces.Runs;
using Kasparro.Grains.Interfaces.Sources;
using Kasparro.Grains.Runs;

namespace Kasparro.Tests.Runs;

public sealed class RunHealthRulesTests
{
    private static RunInfo Finished(long read, long written, long rejected, RunStatus status = RunStatus.Success) =>
        RunSamples.Run(read, status: status) with { RecordsWritten = written, RecordsRejected = rejected };

    [Theory]
    [InlineData(100, 50, 50, 0.5, false)] // exactly the limit is healthy
    [InlineData(100, 49, 51, 0.5, true)]
    [InlineData(3, 1, 2, 0.5, true)]
    [InlineData(100, 100, 0, 0.0, false)]
    [InlineData(100, 99, 1, 0.0, true)]
    [InlineData(100, 1, 99, 1.0, false)]
    [InlineData(0, 0, 0, 0.5, false)] // nothing read: zero_records' business, not this rule's
    public void The_limit_is_exclusive_and_counted_in_whole_records(long read, long written, long rejected, double limit, bool flagged)
    {
        var anomaly = RunHealthRules.HighRejectionRate(Finished(read, written, rejected), limit);

        Assert.Equal(flagged, anomaly is not null);
        if (anomaly is not null)
        {
            Assert.Equal(AnomalyRules.HighRejectionRate, anomaly.Rule);
            Assert.Equal((double)rejected / read, anomaly.Values["rejection_rate"]);
            Assert.Equal(limit, anomaly.Values["max_rejection_rate"]);
        }
    }

    [Fact]
    public void A_run_that_wrote_nothing_is_flagged_even_under_a_limit_of_one()
    {
        var anomaly = RunHealthRules.HighRejectionRate(Finished(10, 0, 10), 1.0);

        Assert.NotNull(anomaly);
        Assert.Equal("The run read 10 records and wrote none (10 rejected).", anomaly.Message);
    }

    [Fact]
    public void Every_record_rejected_says_so_with_the_figures()
    {
        var anomaly = RunHealthRules.HighRejectionRate(Finished(40, 0, 40, RunStatus.Failed), 0.5)!;

        Assert.Equal("The run rejected 40 of 40 records (100%), more than the limit of 50% and wrote none.", anomaly.Message);
        Assert.Equal((40d, 0d, 40d), (anomaly.Values["records_read"], anomaly.Values["records_written"], anomaly.Values["records_rejected"]));
    }

    [Fact]
    public void A_run_still_going_is_not_judged()
    {
        Assert.Null(RunHealthRules.HighRejectionRate(RunSamples.Run(10, status: RunStatus.Running) with { RecordsWritten = 0, RecordsRejected = 10 }, 0.5));
    }
}
