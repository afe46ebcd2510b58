using System.Diagnostics;
using System.Net.Sockets;
using Kasparro.Grains.Interfaces.Storage;
using Kasparro.Grains.Storage;
using Npgsql;

namespace Kasparro.Tests.Storage;

/// <summary>The deadline of a database call, and the one retry on a dead pooled connection (no database: the calls are stand-ins).</summary>
public sealed class DatabaseDeadlineTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromMilliseconds(200);

    [Fact]
    public async Task A_call_that_outlives_its_deadline_is_answered_as_database_unavailable_at_the_deadline()
    {
        var never = new TaskCompletionSource<int>();
        var watch = Stopwatch.StartNew();

        var error = await Assert.ThrowsAsync<DatabaseUnavailableException>(() => DatabaseDeadline.RunAsync(_ => never.Task, Deadline, CancellationToken.None));

        // Timers run on the coarse tick count and may fire a few milliseconds before the stopwatch agrees.
        Assert.InRange(watch.Elapsed, Deadline - TimeSpan.FromMilliseconds(50), Deadline + TimeSpan.FromSeconds(2));
        Assert.Equal("The database did not answer within 0.2 s.", error.Message);
        // The abandoned call failing later is observed, not left to crash anything.
        never.SetException(new NpgsqlException("late"));
    }

    [Fact]
    public async Task A_call_within_its_deadline_answers_and_its_own_errors_pass_through()
    {
        Assert.Equal(7, await DatabaseDeadline.RunAsync(_ => Task.FromResult(7), Deadline, CancellationToken.None));
        await Assert.ThrowsAsync<TimeoutException>(() => DatabaseDeadline.RunAsync<int>(_ => throw new TimeoutException("own"), Deadline, CancellationToken.None));
    }

    [Fact]
    public async Task The_callers_cancellation_stays_a_cancellation()
    {
        using var cancel = new CancellationTokenSource();
        var never = new TaskCompletionSource<int>();
        var call = DatabaseDeadline.RunAsync(_ => never.Task, TimeSpan.FromMinutes(1), cancel.Token);
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
    }

    public static TheoryData<Exception> DeadConnections => new()
    {
        new NpgsqlException("Exception while reading from stream", new EndOfStreamException()),
        new NpgsqlException("Exception while writing to stream", new IOException("Broken pipe")),
        new NpgsqlException("Exception while reading from stream", new IOException("reset", new SocketException((int)SocketError.ConnectionReset))),
        new PostgresException("terminating connection due to administrator command", "FATAL", "FATAL", "57P01"),
        new InvalidOperationException("wrapped", new NpgsqlException("Exception while reading from stream", new EndOfStreamException())),
    };

    [Theory]
    [MemberData(nameof(DeadConnections))]
    public async Task A_call_that_met_a_dead_pooled_connection_clears_the_pool_and_runs_once_more(Exception dead)
    {
        var calls = 0;
        var cleared = 0;

        var answer = await DatabaseDeadline.RunIdempotentAsync(
            _ => ++calls == 1 ? Task.FromException<int>(dead) : Task.FromResult(42),
            Deadline, () => cleared++, CancellationToken.None);

        Assert.Equal(42, answer);
        Assert.Equal(2, calls);
        Assert.Equal(1, cleared);
    }

    [Fact]
    public async Task A_second_dead_connection_is_not_retried_again()
    {
        var calls = 0;
        var dead = new NpgsqlException("Exception while reading from stream", new EndOfStreamException());

        await Assert.ThrowsAsync<NpgsqlException>(() => DatabaseDeadline.RunIdempotentAsync<int>(
            _ => { calls++; throw dead; }, Deadline, () => { }, CancellationToken.None));

        Assert.Equal(2, calls);
    }

    public static TheoryData<Exception> NotDeadConnections => new()
    {
        // A stalled server timed out: asking again would only wait as long again.
        new NpgsqlException("Exception while reading from stream", new TimeoutException()),
        new NpgsqlException("Failed to connect to 127.0.0.1:5432", new SocketException((int)SocketError.ConnectionRefused)),
        new PostgresException("too many connections", "FATAL", "FATAL", "53300"),
        new PostgresException("syntax error", "ERROR", "ERROR", "42601"),
        new InvalidOperationException("a bug"),
    };

    [Theory]
    [MemberData(nameof(NotDeadConnections))]
    public async Task Other_failures_are_not_retried(Exception failure)
    {
        var calls = 0;

        await Assert.ThrowsAnyAsync<Exception>(() => DatabaseDeadline.RunIdempotentAsync<int>(
            _ => { calls++; throw failure; }, Deadline, () => { }, CancellationToken.None));

        Assert.Equal(1, calls);
    }

    [Fact]
    public void The_deadline_of_a_data_source_is_its_command_timeout()
    {
        using var five = NpgsqlDataSource.Create("Host=db;Command Timeout=5");
        using var none = NpgsqlDataSource.Create("Host=db;Command Timeout=0");

        Assert.Equal(TimeSpan.FromSeconds(5), DatabaseDeadline.Of(five));
        Assert.Equal(Timeout.InfiniteTimeSpan, DatabaseDeadline.Of(none));
    }
}
