using System.Globalization;
using System.Runtime.CompilerServices;
using Kasparro.Grains.Interfaces.Storage;
using Npgsql;

namespace Kasparro.Grains.Storage;

/// <summary>
/// A deadline the caller of a database operation can count on, and one retry for an operation that
/// may safely run twice (a read, an idempotent write) when it failed on a dead pooled connection.
/// </summary>
/// <remarks>
/// Npgsql's command timeout alone is no such bound when the server stalls: on a timeout it first
/// opens a new connection to send the server a cancel request, and waits for that too, blocking a
/// thread (Npgsql 10.0.3 against a server that accepts connections and answers nothing: a 1 s
/// command timeout answered after 3 s with a 1 s connect timeout, after 11 s with a 5 s one). Here the caller stops waiting at the deadline and is told the database is unavailable;
/// the abandoned operation still ends on its own within the driver's timeouts (a connection it
/// breaks is not pooled again).
/// </remarks>
public static class DatabaseDeadline
{
    private static readonly ConditionalWeakTable<NpgsqlDataSource, object> Deadlines = [];

    /// <summary>The deadline of calls through <paramref name="dataSource"/>: its command timeout (none when 0).</summary>
    public static TimeSpan Of(NpgsqlDataSource dataSource)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        return (TimeSpan)Deadlines.GetValue(dataSource, static d =>
            new NpgsqlConnectionStringBuilder(d.ConnectionString).CommandTimeout is > 0 and var seconds
                ? TimeSpan.FromSeconds(seconds)
                : Timeout.InfiniteTimeSpan);
    }

    /// <summary>An operation through <paramref name="dataSource"/> within its deadline, retried once on a fresh connection when a pooled one was dead.</summary>
    public static Task<T> RunIdempotentAsync<T>(NpgsqlDataSource dataSource, Func<CancellationToken, Task<T>> operation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        return RunIdempotentAsync(operation, Of(dataSource), dataSource.Clear, cancellationToken);
    }

    /// <summary>
    /// Runs <paramref name="operation"/> within <paramref name="deadline"/>. When it fails because its
    /// connection turned out dead (the server restarted since it was pooled), every idle connection
    /// of that pool is as dead: <paramref name="clearPool"/> drops them and the operation runs once
    /// more. Only for operations that may run twice: a read, or a write whose repetition changes
    /// nothing (an upsert of the same row, an insert that ignores conflicts). Any other write that
    /// failed that way may have committed before the connection died.
    /// </summary>
    public static async Task<T> RunIdempotentAsync<T>(
        Func<CancellationToken, Task<T>> operation, TimeSpan deadline, Action clearPool, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(clearPool);
        try
        {
            return await RunAsync(operation, deadline, cancellationToken);
        }
        catch (Exception ex) when (IsDeadConnection(ex))
        {
            clearPool();
            return await RunAsync(operation, deadline, cancellationToken);
        }
    }

    /// <summary>
    /// Runs <paramref name="operation"/> and waits for it no longer than <paramref name="deadline"/>;
    /// past it, throws <see cref="DatabaseUnavailableException"/>. Never retries.
    /// </summary>
    public static async Task<T> RunAsync<T>(Func<CancellationToken, Task<T>> operation, TimeSpan deadline, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(operation);
        var running = operation(cancellationToken);
        if (deadline <= TimeSpan.Zero || deadline == Timeout.InfiniteTimeSpan)
        {
            return await running;
        }

        try
        {
            return await running.WaitAsync(deadline, cancellationToken);
        }
        catch (TimeoutException ex) when (!IsOwnFailure(running, ex))
        {
            // The deadline passed (the operation may have ended in the same instant; too late either way).
            Abandon(running);
            throw new DatabaseUnavailableException(
                string.Create(CultureInfo.InvariantCulture, $"The database did not answer within {deadline.TotalSeconds:0.###} s."));
        }
        catch (OperationCanceledException)
        {
            Abandon(running);
            throw;
        }
    }

    /// <inheritdoc cref="RunAsync{T}(Func{CancellationToken, Task{T}}, TimeSpan, CancellationToken)"/>
    public static Task RunAsync(Func<CancellationToken, Task> operation, TimeSpan deadline, CancellationToken cancellationToken) =>
        RunAsync(WithResult(operation), deadline, cancellationToken);

    /// <inheritdoc cref="RunIdempotentAsync{T}(Func{CancellationToken, Task{T}}, TimeSpan, Action, CancellationToken)"/>
    public static Task RunIdempotentAsync(Func<CancellationToken, Task> operation, TimeSpan deadline, Action clearPool, CancellationToken cancellationToken) =>
        RunIdempotentAsync(WithResult(operation), deadline, clearPool, cancellationToken);

    /// <inheritdoc cref="RunIdempotentAsync{T}(NpgsqlDataSource, Func{CancellationToken, Task{T}}, CancellationToken)"/>
    public static Task RunIdempotentAsync(NpgsqlDataSource dataSource, Func<CancellationToken, Task> operation, CancellationToken cancellationToken) =>
        RunIdempotentAsync(dataSource, WithResult(operation), cancellationToken);

    /// <summary>
    /// A connection that was open died under the operation, while the server itself may well be
    /// back: its stream ended or broke, or the server told it that it was shutting down (57P01,
    /// 57P02). Not a timeout (a stalled server would only stall the retry as well), and not a
    /// connection that could not be opened (the driver reports that with the socket's own error):
    /// asking again at once would meet the same refusal.
    /// </summary>
    public static bool IsDeadConnection(Exception exception) => DatabaseFailures.FindDatabaseException(exception) switch
    {
        PostgresException pg => pg.SqlState is PostgresErrorCodes.AdminShutdown or PostgresErrorCodes.CrashShutdown,
        NpgsqlException { InnerException: IOException } => true,
        _ => false,
    };

    private static Func<CancellationToken, Task<bool>> WithResult(Func<CancellationToken, Task> operation)
    {
        ArgumentNullException.ThrowIfNull(operation);
        return async ct =>
        {
            await operation(ct);
            return true;
        };
    }

    /// <summary>Whether <paramref name="exception"/> is the operation's own failure rather than the wait's.</summary>
    private static bool IsOwnFailure(Task running, Exception exception) =>
        running.IsFaulted && running.Exception!.InnerExceptions.Contains(exception);

    /// <summary>The caller has moved on; the operation's own failure, when it comes, is seen here and dropped.</summary>
    private static void Abandon(Task running) =>
        _ = running.ContinueWith(
            static t => _ = t.Exception,
            CancellationToken.None,
            TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
}
