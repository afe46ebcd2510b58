using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Kasparro.IntegrationTests.Infrastructure;

/// <summary>A logger provider that keeps every entry (category, level, text, exception), to count what a host writes.</summary>
public sealed class CapturedLog : ILoggerProvider
{
    public ConcurrentQueue<Entry> Entries { get; } = new();

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    /// <summary>The entries at <paramref name="minimum"/> or above, written from <paramref name="since"/> on (a sequence number).</summary>
    public IReadOnlyList<Entry> Since(long since, LogLevel minimum = LogLevel.Warning) =>
        Entries.Where(e => e.Sequence >= since && e.Level >= minimum).ToList();

    /// <summary>The sequence number the next entry gets.</summary>
    public long Mark => Interlocked.Read(ref _next);

    private long _next;

    public sealed record Entry(long Sequence, string Category, LogLevel Level, string Text, Exception? Exception)
    {
        /// <summary>Lines the entry takes in a console log: its text, plus its exception with the stack trace.</summary>
        public int Lines => Text.Split('\n').Length + (Exception?.ToString().Split('\n').Length ?? 0);

        public override string ToString() => $"{Level} {Category}: {Text}{(Exception is null ? "" : $" [{Exception.GetType().Name}]")}";
    }

    private sealed class Logger(CapturedLog log, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                log.Entries.Enqueue(new Entry(Interlocked.Increment(ref log._next) - 1, category, logLevel, formatter(state, exception), exception));
            }
        }
    }
}
