using Kasparro.Grains.Alerts;
using Kasparro.Grains.Interfaces.Alerts;
using Kasparro.Grains.Sources;
using static Kasparro.Tests.Alerts.RunPlay;

namespace Kasparro.Tests.Alerts;

/// <summary>
/// The failure streak kept in a source's state: counted whole however short the history, advanced
/// by the rules the alerts follow, and read from the history once for state stored before it was kept.
/// </summary>
public sealed class FailureStreakTests
{
    [Theory]
    [InlineData(3)]
    [InlineData(100)]
    public void A_streak_longer_than_the_history_is_counted_whole_and_dated_from_its_first_failure(int n)
    {
        var state = new SourceState();
        var failures = Enumerable.Range(0, 120).Select(i => Failed(i, i % 2 == 0 ? "TimeoutException" : "network_error")).ToArray();
        var success = Succeeded(120);

        var raised = Play(new AlertOptions { ConsecutiveFailures = n }, state, 50, [.. failures, success]);

        Assert.Equal(50, state.History.Count);
        var failing = Assert.Single(raised, a => a.Kind == AlertKinds.SourceFailing);
        Assert.Equal(failures[n - 1].RunId, failing.RunId);
        Assert.Equal(n, Data(failing).GetProperty("consecutive_failures").GetInt32());
        Assert.Equal(failures[0].CompletedAt, Data(failing).GetProperty("failing_since").GetDateTime());
        var recovered = Assert.Single(raised, a => a.Kind == AlertKinds.SourceRecovered);
        Assert.Equal(success.RunId, recovered.RunId);
        Assert.Equal(120, Data(recovered).GetProperty("failed_runs").GetInt32());
        Assert.Equal(failures[0].CompletedAt, Data(recovered).GetProperty("failing_since").GetDateTime());
        Assert.Equal(failures[119].RunId.ToString(), Data(recovered).GetProperty("last_failed_run_id").GetString());
        Assert.Equal("network_error", Data(recovered).GetProperty("last_error_type").GetString());
        Assert.Equal(["run.failed", "source.failing"], Data(recovered).GetProperty("resolves").EnumerateArray().Select(e => e.GetString()));
        Assert.Contains("after 120 failed runs", recovered.Summary, StringComparison.Ordinal);
        Assert.Null(state.FailureStreak);
    }

    [Fact]
    public void State_stored_before_streaks_were_kept_continues_the_streak_its_history_shows()
    {
        // As an older silo stored it: failures at the head of the history, no streak.
        var first = Failed(0);
        var state = new SourceState { History = [Cancelled(2), Failed(1), first, Succeeded(-1)] };
        Assert.Null(state.FailureStreak);

        var raised = Play(Three, state, 2, Failed(3));

        var failing = Assert.Single(raised, a => a.Kind == AlertKinds.SourceFailing);
        Assert.Equal(3, Data(failing).GetProperty("consecutive_failures").GetInt32());
        Assert.Equal(first.CompletedAt, Data(failing).GetProperty("failing_since").GetDateTime());
        Assert.Equal((3, first.CompletedAt!.Value), (state.FailureStreak!.Failures, state.FailureStreak.Since));

        // Read from the history once: from here the stored streak counts on, past what two runs of history hold.
        raised = Play(Three, state, 2, Failed(4), Failed(5), Succeeded(6));

        var recovered = Assert.Single(raised, a => a.Kind == AlertKinds.SourceRecovered);
        Assert.Equal(5, Data(recovered).GetProperty("failed_runs").GetInt32());
        Assert.Equal(first.CompletedAt, Data(recovered).GetProperty("failing_since").GetDateTime());
    }

    [Fact]
    public void A_failure_extends_a_success_ends_and_cancelled_or_interrupted_runs_leave_the_streak()
    {
        var first = Failed(0);
        var second = Failed(1, "network_error");

        var streak = FailureStreak.After(FailureStreak.After(null, first), second);

        Assert.Equal(new FailureStreak(2, first.CompletedAt!.Value, second.RunId, "network_error"), streak);
        Assert.Same(streak, FailureStreak.After(streak, second)); // the same failure twice counts once
        Assert.Same(streak, FailureStreak.After(streak, Cancelled(2)));
        Assert.Same(streak, FailureStreak.After(streak, Interrupted(3)));
        Assert.Null(FailureStreak.After(streak, Succeeded(4)));
        Assert.Null(FailureStreak.After(null, Cancelled(5)));
    }

    [Fact]
    public void A_history_read_for_a_streak_stops_at_its_last_success()
    {
        Assert.Null(FailureStreak.Of([]));
        Assert.Null(FailureStreak.Of([Cancelled(3), Succeeded(2), Failed(1), Failed(0)]));
        Assert.Equal(2, FailureStreak.Of([Interrupted(4), Failed(3), Cancelled(2), Failed(1), Succeeded(0)])!.Failures);
    }
}
