using Kasparro.Grains.Alerts;
using Kasparro.Grains.Interfaces.Alerts;
using Kasparro.Grains.Interfaces.Runs;
using Kasparro.Grains.Interfaces.Sources;
using Kasparro.Tests.Runs;
using static Kasparro.Tests.Alerts.RunPlay;

namespace Kasparro.Tests.Alerts;

/// <summary>What a finished run raises: failures and their streaks, recovery, cancellation; stable ids, deterministic data.</summary>
public sealed class RunAlertsTests
{
    [Fact]
    public void Every_failed_run_raises_run_failed_with_its_error()
    {
        var run = Failed();

        var alert = Assert.Single(RunAlerts.For(run, null, [], Three));

        Assert.Equal(AlertKinds.RunFailed, alert.Kind);
        Assert.Equal($"run.failed:{run.RunId:N}", alert.Id);
        Assert.Equal((AlertKinds.Warning, "csv", run.RunId, run.CompletedAt!.Value), (alert.Severity, alert.Source, alert.RunId, alert.OccurredAt));
        Assert.Equal($"Run {run.RunId.ToString("N")[..8]}… of source csv failed (TimeoutException): timed out after 3 attempts.", alert.Summary);
        Assert.Equal("TimeoutException", Data(alert).GetProperty("error_type").GetString());
        Assert.Equal("timed out after 3 attempts", Data(alert).GetProperty("error_message").GetString());
        Assert.Equal(run.RunId.ToString(), Data(alert).GetProperty("run_id").GetString());
    }

    [Fact]
    public void A_long_error_message_is_clipped_in_the_data()
    {
        var alert = Assert.Single(RunAlerts.For(Failed() with { ErrorMessage = new string('x', 5000) }, null, [], Three));

        var message = Data(alert).GetProperty("error_message").GetString()!;
        Assert.Equal(501, message.Length);
        Assert.EndsWith("…", message, StringComparison.Ordinal);
        Assert.True(alert.Summary.Length < 300);
    }

    [Fact]
    public void The_data_escapes_only_what_json_needs_and_writes_times_in_utc()
    {
        var run = Failed() with { ErrorMessage = "Connection to <host> refused: café + \"quoted\"", StartedAt = DateTime.SpecifyKind(RunSamples.T0, DateTimeKind.Unspecified) };

        var alert = Assert.Single(RunAlerts.For(run, null, [], Three));

        Assert.Contains("\"error_message\":\"Connection to <host> refused: café + \\\"quoted\\\"\"", alert.Data, StringComparison.Ordinal);
        Assert.Contains("\"started_at\":\"2024-01-01T00:00:00Z\"", alert.Data, StringComparison.Ordinal);
    }

    [Fact]
    public void The_outbox_keeps_one_entry_per_id_and_empties_to_null()
    {
        var first = RunAlerts.For(Failed(), null, [], Three);
        var second = RunAlerts.For(Cancelled(), null, [], Three);

        var outbox = AlertOutbox.Add(AlertOutbox.Add(null, first), [.. first, .. second]);

        Assert.Equal([.. first, .. second], outbox!);
        Assert.Equal(second, AlertOutbox.Settled(outbox, first)!);
        Assert.Null(AlertOutbox.Settled(outbox, second));
        Assert.Null(AlertOutbox.Add(null, []));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(5)]
    public void N_failures_in_a_row_raise_source_failing_exactly_once_at_the_nth(int n)
    {
        var runs = Enumerable.Range(0, n + 4).Select(i => Failed(i)).ToArray();

        var raised = Play(new AlertOptions { ConsecutiveFailures = n }, runs);

        var failing = Assert.Single(raised, a => a.Kind == AlertKinds.SourceFailing);
        Assert.Equal(runs[n - 1].RunId, failing.RunId);
        Assert.Equal(AlertKinds.Critical, failing.Severity);
        Assert.Equal(n, Data(failing).GetProperty("consecutive_failures").GetInt32());
        Assert.Equal(runs[0].CompletedAt, Data(failing).GetProperty("failing_since").GetDateTime());
        Assert.Equal(n + 4, raised.Count(a => a.Kind == AlertKinds.RunFailed));
    }

    [Fact]
    public void A_success_ends_the_streak_and_a_new_one_raises_source_failing_again()
    {
        var raised = Play(Three, Failed(0), Failed(1), Failed(2), Succeeded(3), Failed(4), Failed(5), Failed(6), Failed(7));

        Assert.Equal(2, raised.Count(a => a.Kind == AlertKinds.SourceFailing));
    }

    [Fact]
    public void Cancelled_and_interrupted_runs_neither_count_in_a_streak_nor_end_it()
    {
        var raised = Play(Three, Failed(0), Cancelled(1), Interrupted(2), Failed(3), Cancelled(4), Failed(5));

        Assert.Single(raised, a => a.Kind == AlertKinds.SourceFailing);
        Assert.Equal(3, raised.Count(a => a.Kind == AlertKinds.RunFailed)); // the interrupted run raised nothing
        Assert.Equal(2, raised.Count(a => a.Kind == AlertKinds.RunCancelled));
    }

    [Fact]
    public void An_interrupted_run_raises_no_status_alert()
    {
        RunInfo[] history = [Failed(-1), Failed(-2)];

        Assert.Empty(RunAlerts.For(Interrupted(), FailureStreak.Of(history), history, Three));
    }

    [Fact]
    public void A_success_after_failures_raises_source_recovered_resolving_the_failures()
    {
        var runs = new[] { Succeeded(0), Failed(1), Failed(2), Cancelled(3), Succeeded(4) };

        var recovered = Assert.Single(Play(Three, runs), a => a.Kind == AlertKinds.SourceRecovered);

        Assert.Equal(runs[4].RunId, recovered.RunId);
        Assert.Equal(AlertKinds.Info, recovered.Severity);
        Assert.Equal(2, Data(recovered).GetProperty("failed_runs").GetInt32());
        Assert.Equal(runs[1].CompletedAt, Data(recovered).GetProperty("failing_since").GetDateTime());
        Assert.Equal(["run.failed"], Data(recovered).GetProperty("resolves").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(runs[2].RunId.ToString(), Data(recovered).GetProperty("last_failed_run_id").GetString());
        Assert.Equal($"Source csv recovered: run {runs[4].RunId.ToString("N")[..8]}… succeeded after 2 failed runs.", recovered.Summary);
    }

    [Fact]
    public void A_recovery_from_a_streak_that_reached_n_resolves_source_failing_too()
    {
        var recovered = Assert.Single(Play(Three, Failed(0), Failed(1), Failed(2), Failed(3), Succeeded(4)), a => a.Kind == AlertKinds.SourceRecovered);

        Assert.Equal(4, Data(recovered).GetProperty("failed_runs").GetInt32());
        Assert.Equal(["run.failed", "source.failing"], Data(recovered).GetProperty("resolves").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public void Nothing_recovers_after_a_success_or_on_a_first_run()
    {
        var raised = Play(Three, Succeeded(0), Succeeded(1), Cancelled(2), Succeeded(3));

        Assert.Equal([AlertKinds.RunCancelled], raised.Select(a => a.Kind));
    }

    [Fact]
    public void A_cancelled_run_raises_run_cancelled()
    {
        var run = Cancelled();

        var alert = Assert.Single(RunAlerts.For(run, null, [], Three));

        Assert.Equal((AlertKinds.RunCancelled, AlertKinds.Info, $"run.cancelled:{run.RunId:N}"), (alert.Kind, alert.Severity, alert.Id));
        Assert.Equal("cancelled", Data(alert).GetProperty("status").GetString());
    }

    [Fact]
    public void A_run_still_going_raises_nothing()
    {
        RunInfo[] history = [Failed(-1)];

        Assert.Empty(RunAlerts.For(RunSamples.Run(status: RunStatus.Running), FailureStreak.Of(history), history, Three));
    }

    [Fact]
    public void The_same_run_and_history_give_the_same_events_byte_for_byte()
    {
        var history = new[] { Failed(2), Failed(1), Succeeded(0) };
        var run = Failed(3) with
        {
            Anomalies = [new RunAnomaly(AnomalyRules.RecordsOutlier, "far off", new Dictionary<string, double> { ["z"] = 4, ["a"] = 1 })],
        };

        var first = RunAlerts.For(run, FailureStreak.Of(history), history, Three);
        var second = RunAlerts.For(run with { }, FailureStreak.Of([.. history]), [.. history], Three);

        Assert.Equal(first, second);
        Assert.Equal(["run.failed", "source.failing", "run.anomaly"], first.Select(a => a.Kind));
        Assert.Equal(first.Count, first.Select(a => a.Id).Distinct().Count());
    }
}
