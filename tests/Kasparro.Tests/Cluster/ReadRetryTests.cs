using System.Diagnostics;
using Kasparro.Grains.Cluster;
using Kasparro.Grains.Interfaces.Cluster;
using Kasparro.Grains.Interfaces.Sources;
using Kasparro.Grains.Interfaces.Storage;
using Kasparro.Hosting;
using Microsoft.Extensions.Logging.Abstractions;

namespace Kasparro.Tests.Cluster;

/// <summary>The read retry engine on the real clock, with budgets of a second or two.</summary>
public sealed class ReadRetryTests
{
    private static ReadRetry Retry(double budget = 2, double attempt = 0.2, double backoff = 0.01) => new(
        new ReadRetryOptions { Budget = TimeSpan.FromSeconds(budget), AttemptTimeout = TimeSpan.FromSeconds(attempt), Backoff = TimeSpan.FromSeconds(backoff) },
        TimeProvider.System,
        NullLogger<ReadRetry>.Instance);

    private static SiloUnavailableException Gone() => new("The target silo became unavailable");

    [Fact]
    public async Task A_read_that_failed_because_a_silo_is_gone_is_tried_again()
    {
        var attempts = 0;

        var answer = await Retry().RunAsync("read", () => ++attempts < 3 ? Task.FromException<int>(Gone()) : Task.FromResult(42), CancellationToken.None);

        Assert.Equal((42, 3), (answer, attempts));
    }

    public static TheoryData<Exception> Answers => new()
    {
        new UnknownSourceException("nope"),
        DatabaseUnavailableException.For("53300"),
        // An activation that failed on the database, as Orleans hands it over: the database's, not a silo's.
        new OrleansException("Error activating grain", DatabaseUnavailableException.For(null)),
        new InvalidOperationException("a bug"),
    };

    [Theory]
    [MemberData(nameof(Answers))]
    public async Task Any_other_failure_is_the_answer_at_once(Exception failure)
    {
        var attempts = 0;

        var thrown = await Assert.ThrowsAnyAsync<Exception>(() => Retry().RunAsync<int>("read", () => { attempts++; throw failure; }, CancellationToken.None));

        Assert.Same(failure, thrown);
        Assert.Equal(1, attempts);
    }

    [Fact]
    public async Task An_attempt_without_an_answer_gets_another_beside_it()
    {
        var stuck = new TaskCompletionSource<int>();
        var attempts = 0;

        var answer = await Retry().RunAsync("read", () => ++attempts == 1 ? stuck.Task : Task.FromResult(7), CancellationToken.None);

        Assert.Equal((7, 2), (answer, attempts));
    }

    [Fact]
    public async Task A_slow_but_healthy_first_attempt_still_wins()
    {
        var attempts = 0;

        var answer = await Retry(attempt: 0.1).RunAsync(
            "read",
            async () => ++attempts == 1 ? await Task.Delay(400).ContinueWith(_ => 1, TaskScheduler.Default) : await new TaskCompletionSource<int>().Task,
            CancellationToken.None);

        Assert.Equal(1, answer);
        Assert.True(attempts >= 2, "no second attempt was started beside the slow one");
    }

    [Fact]
    public async Task A_read_that_does_not_answer_is_asked_again_only_once_at_a_time()
    {
        var attempts = 0;

        await Assert.ThrowsAsync<ClusterUnavailableException>(() => Retry(budget: 1, attempt: 0.1).RunAsync(
            "read", () => { Interlocked.Increment(ref attempts); return new TaskCompletionSource<int>().Task; }, CancellationToken.None));

        // Ten attempt timeouts passed; the first attempt and one beside it, never more.
        Assert.Equal(2, attempts);
    }

    [Fact]
    public async Task A_silo_that_stays_gone_fails_the_read_once_the_budget_is_spent()
    {
        var attempts = 0;
        var watch = Stopwatch.StartNew();

        await Assert.ThrowsAsync<SiloUnavailableException>(() => Retry(budget: 1).RunAsync<int>("read", () => { attempts++; throw Gone(); }, CancellationToken.None));

        Assert.InRange(watch.Elapsed, TimeSpan.FromSeconds(0.9), TimeSpan.FromSeconds(5));
        Assert.True(attempts > 2, $"only {attempts} attempts in a second");
    }

    [Fact]
    public async Task Attempts_that_never_answer_end_as_the_cluster_being_unavailable()
    {
        var watch = Stopwatch.StartNew();

        await Assert.ThrowsAsync<ClusterUnavailableException>(() => Retry(budget: 1).RunAsync("read", () => new TaskCompletionSource<int>().Task, CancellationToken.None));

        Assert.InRange(watch.Elapsed, TimeSpan.FromSeconds(0.9), TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task A_budget_of_zero_turns_retries_off()
    {
        var attempts = 0;

        await Assert.ThrowsAsync<SiloUnavailableException>(() => Retry(budget: 0).RunAsync<int>("read", () => { attempts++; throw Gone(); }, CancellationToken.None));

        Assert.Equal(1, attempts);
    }

    [Fact]
    public async Task A_cancelled_request_stops_waiting()
    {
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Retry(budget: 10).RunAsync("read", () => new TaskCompletionSource<int>().Task, cancel.Token));
    }
}
