using System.Runtime.ExceptionServices;
using Kasparro.Grains.Cluster;
using Kasparro.Grains.Interfaces.Cluster;
using Microsoft.Extensions.Logging;

namespace Kasparro.Hosting;

/// <summary>
/// Runs a read until it answers, within <see cref="ReadRetryOptions.Budget"/>. An attempt that fails
/// because a silo is gone (<see cref="SiloLoss"/>) is followed, after a pause that doubles, by another;
/// an attempt that has not answered after <see cref="ReadRetryOptions.AttemptTimeout"/> gets another
/// beside it (it may be waiting on a silo that died with the request, which Orleans only gives up on
/// after its response timeout), and the first answer of any attempt wins. Any other failure is the
/// answer. Only for reads: an attempt may run more than once, and abandoned ones still complete.
/// Safe in grain code (it only awaits, on the caller's scheduler).
/// </summary>
public sealed partial class ReadRetry(ReadRetryOptions settings, TimeProvider time, ILogger<ReadRetry> logger)
{
    private static readonly TimeSpan BackoffCap = TimeSpan.FromSeconds(1);

    public ReadRetryOptions Settings => settings;

    /// <summary>Runs <paramref name="read"/> under the budget; <paramref name="what"/> names it in the log.</summary>
    public async Task<T> RunAsync<T>(string what, Func<Task<T>> read, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(read);
        if (!settings.Enabled)
        {
            return await read();
        }

        var started = time.GetTimestamp();
        var running = new List<Task<T>>();
        var attempts = 0;
        var lastStart = started;
        Exception? lastFailure = null;
        var backoff = settings.Backoff;

        void Start()
        {
            attempts++;
            lastStart = time.GetTimestamp();
            running.Add(Invoke(read));
        }

        Start();
        while (Remaining(started) > TimeSpan.Zero)
        {
            var untilNext = settings.AttemptTimeout - time.GetElapsedTime(lastStart);
            var done = await FirstOfAsync(running, Min(untilNext, Remaining(started)), cancellationToken);
            if (done is null)
            {
                // No answer in time: maybe stuck on a dead silo. Ask again beside it, but only once at a
                // time: a read that is merely slow must not be multiplied on a database already slow.
                if (Remaining(started) > TimeSpan.Zero && running.Count < 2)
                {
                    LogHedge(logger, what, attempts, settings.AttemptTimeout.TotalMilliseconds);
                    Start();
                }

                continue;
            }

            running.Remove(done);
            if (done.IsCompletedSuccessfully)
            {
                Abandon(running);
                if (attempts > 1)
                {
                    var elapsed = time.GetElapsedTime(started).TotalMilliseconds;
                    LogAnswered(logger, what, attempts, elapsed);
                }

                return done.Result;
            }

            var error = Unwrap(done);
            if (!SiloLoss.Is(error))
            {
                Abandon(running);
                ExceptionDispatchInfo.Throw(error);
            }

            lastFailure = error;
            if (running.Count == 0)
            {
                var cause = error.GetType().Name;
                LogRetry(logger, what, attempts, cause, backoff.TotalMilliseconds);

                await Task.Delay(Min(backoff, Remaining(started)), time, cancellationToken);
                backoff = Min(backoff * 2, backoff > BackoffCap ? backoff : BackoffCap);
                if (Remaining(started) > TimeSpan.Zero)
                {
                    Start();
                }
            }
        }

        Abandon(running);
        cancellationToken.ThrowIfCancellationRequested();
        if (lastFailure is not null)
        {
            ExceptionDispatchInfo.Throw(lastFailure);
        }

        throw new ClusterUnavailableException($"No silo answered {what} within {settings.Budget.TotalSeconds:0.#} s ({attempts} attempts).");
    }

    private TimeSpan Remaining(long started) => settings.Budget - time.GetElapsedTime(started);

    /// <summary>The first of <paramref name="running"/> to complete, or null when <paramref name="wait"/> passes first.</summary>
    private async Task<Task<T>?> FirstOfAsync<T>(List<Task<T>> running, TimeSpan wait, CancellationToken cancellationToken)
    {
        using var timer = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var delay = Task.Delay(Max(wait, TimeSpan.Zero), time, timer.Token);
        var first = await Task.WhenAny(running.Append<Task>(delay));
        await timer.CancelAsync();
        cancellationToken.ThrowIfCancellationRequested();
        return first == delay ? null : (Task<T>)first;
    }

    private static async Task<T> Invoke<T>(Func<Task<T>> read) => await read();

    private static Exception Unwrap<T>(Task<T> task) =>
        task.Exception is { InnerExceptions.Count: 1 } single ? single.InnerException! : task.Exception ?? (Exception)new TaskCanceledException(task);

    /// <summary>Attempts nobody waits for any more: their failures are observed, never reported as unobserved.</summary>
    private static void Abandon<T>(List<Task<T>> running)
    {
        foreach (var task in running)
        {
            _ = task.ContinueWith(static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
        }
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    [LoggerMessage(EventId = 1811, Level = LogLevel.Debug, Message = "{What}: attempt {Attempt} has not answered after {Timeout} ms; asking again beside it")]
    private static partial void LogHedge(ILogger logger, string what, int attempt, double timeout);

    [LoggerMessage(EventId = 1812, Level = LogLevel.Debug, Message = "{What}: attempt {Attempt} failed because a silo is gone ({Cause}); trying again in {Pause} ms")]
    private static partial void LogRetry(ILogger logger, string what, int attempt, string cause, double pause);

    [LoggerMessage(EventId = 1813, Level = LogLevel.Debug, Message = "{What}: answered after {Attempts} attempts in {Elapsed} ms")]
    private static partial void LogAnswered(ILogger logger, string what, int attempts, double elapsed);
}
