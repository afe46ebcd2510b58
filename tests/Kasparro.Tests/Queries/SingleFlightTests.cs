using Kasparro.Grains.Queries;
using Microsoft.Extensions.Time.Testing;

namespace Kasparro.Tests.Queries;

/// <summary>
/// Callers of one key share the read in flight; a caller that gives up leaves it to the others, the
/// last one to give up cancels it; nothing is reused after it (without a window), a failure never is.
/// </summary>
public sealed class SingleFlightTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Callers_that_arrive_while_a_read_runs_share_it_and_the_next_caller_reads_again()
    {
        var flight = new SingleFlight<string, int>(StringComparer.Ordinal);
        var reads = 0;
        var release = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        Task<int> Read(CancellationToken _)
        {
            Interlocked.Increment(ref reads);
            return release.Task;
        }

        var callers = Enumerable.Range(0, 5).Select(_ => flight.RunAsync("k", Read, CancellationToken.None)).ToArray();
        var other = flight.RunAsync("other", _ => Task.FromResult(7), CancellationToken.None);
        release.SetResult(42);

        Assert.All(await Task.WhenAll(callers).WaitAsync(Deadline), v => Assert.Equal(42, v));
        Assert.Equal(7, await other);
        Assert.Equal(1, reads);
        Assert.Equal(1, await flight.RunAsync("k", _ => Task.FromResult(1), CancellationToken.None));
    }

    [Fact]
    public async Task A_caller_that_gives_up_leaves_the_read_to_the_others_and_the_last_one_cancels_it()
    {
        var flight = new SingleFlight<string, int>(StringComparer.Ordinal);
        var started = new TaskCompletionSource<CancellationToken>(TaskCreationOptions.RunContinuationsAsynchronously);
        async Task<int> Read(CancellationToken ct)
        {
            started.SetResult(ct);
            await Task.Delay(Timeout.Infinite, ct);
            return 0;
        }

        using var first = new CancellationTokenSource();
        using var second = new CancellationTokenSource();
        var a = flight.RunAsync("k", Read, first.Token);
        var b = flight.RunAsync("k", Read, second.Token);
        var token = await started.Task.WaitAsync(Deadline);

        await first.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => a);
        Assert.False(token.IsCancellationRequested, "the read was cancelled while a caller still waited for it");
        Assert.False(b.IsCompleted);

        await second.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => b);
        Assert.True(token.IsCancellationRequested, "nobody waits for the read any more, yet it goes on");
        Assert.Equal(5, await flight.RunAsync("k", _ => Task.FromResult(5), CancellationToken.None).WaitAsync(Deadline));
    }

    [Fact]
    public async Task A_failure_reaches_every_waiting_caller_and_is_never_reused()
    {
        var time = new FakeTimeProvider();
        var flight = new SingleFlight<bool, int>(TimeSpan.FromSeconds(1), time);
        var release = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        var callers = Enumerable.Range(0, 3).Select(_ => flight.RunAsync(true, _ => release.Task, CancellationToken.None)).ToArray();
        release.SetException(new InvalidOperationException("down"));

        foreach (var caller in callers)
        {
            Assert.Equal("down", (await Assert.ThrowsAsync<InvalidOperationException>(() => caller)).Message);
        }

        Assert.Equal(3, await flight.RunAsync(true, _ => Task.FromResult(3), CancellationToken.None));
    }

    [Fact]
    public async Task With_a_window_an_answer_serves_for_that_long_after_its_read_began()
    {
        var time = new FakeTimeProvider();
        var flight = new SingleFlight<bool, int>(TimeSpan.FromSeconds(1), time);
        var reads = 0;
        Task<int> Read(CancellationToken _) => Task.FromResult(Interlocked.Increment(ref reads));

        Assert.Equal(1, await flight.RunAsync(true, Read, CancellationToken.None));
        time.Advance(TimeSpan.FromMilliseconds(999));
        Assert.Equal(1, await flight.RunAsync(true, Read, CancellationToken.None));
        time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(2, await flight.RunAsync(true, Read, CancellationToken.None));
    }
}
