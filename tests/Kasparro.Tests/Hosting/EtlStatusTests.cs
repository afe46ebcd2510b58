using Kasparro.Grains.Interfaces.Runs;
using Kasparro.Grains.Interfaces.Sources;
using Kasparro.Hosting;
using Kasparro.Tests.Runs;

namespace Kasparro.Tests.Hosting;

public sealed class EtlStatusTests
{
    private static SourceStatus Source(RunInfo? lastRun, RunInfo? active = null, bool enabled = true) =>
        new("csv", SourceKind.Csv, enabled, TimeSpan.FromMinutes(5), null, SourceCheckpoint.Start, active, lastRun, FailureInjectionSettings.Off);

    private static RunAnomaly Anomaly(string rule) => new(rule, $"{rule} happened", new Dictionary<string, double>());

    [Fact]
    public void A_successful_run_with_a_high_rejection_rate_makes_the_source_degraded_with_the_reason()
    {
        var run = RunSamples.Run(10) with { Anomalies = [Anomaly(AnomalyRules.RecordsOutlier), Anomaly(AnomalyRules.HighRejectionRate)] };

        var status = EtlStatus.From(Source(run), null);

        Assert.Equal(("degraded", "high_rejection_rate: high_rejection_rate happened"), (status.Status, status.Reason));
    }

    [Fact]
    public void Informative_anomalies_leave_a_successful_source_healthy()
    {
        var run = RunSamples.Run(10) with { Anomalies = [Anomaly(AnomalyRules.DurationOutlier)] };

        Assert.Equal(("success", (string?)null), (EtlStatus.From(Source(run), null).Status, EtlStatus.From(Source(run), null).Reason));
    }

    [Fact]
    public void A_failed_run_says_why_and_running_or_disabled_sources_carry_no_reason()
    {
        var failed = RunSamples.Run(10, status: RunStatus.Failed) with { Anomalies = [Anomaly(AnomalyRules.HighRejectionRate)] };

        Assert.Equal(("failed", "network_error: down"), (EtlStatus.From(Source(failed), null).Status, EtlStatus.From(Source(failed), null).Reason));
        Assert.Null(EtlStatus.From(Source(failed, active: RunSamples.Run(0, status: RunStatus.Running)), null).Reason);
        Assert.Equal("disabled", EtlStatus.From(Source(failed, enabled: false), null).Status);
    }
}
