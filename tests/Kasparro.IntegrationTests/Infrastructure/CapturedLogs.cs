using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Kasparro.IntegrationTests.Infrastructure;

/// <summary>
/// A logger provider that keeps what a host logs (after the host's own level filters), so a test can
/// assert what an operator would read: e.g. that a bad request left no exception or stack trace.
/// Add it with <c>WithWebHostBuilder(b =&gt; b.ConfigureLogging(l =&gt; l.AddProvider(logs)))</c>.
/// </summary>
public sealed class CapturedLogs : ILoggerProvider
{
    private readonly ConcurrentQueue<Entry> _entries = new();

    public sealed record Entry(string Category, LogLevel Level, string Message, Exception? Exception)
    {
        /// <summary>An exception object, or a message that carries a .NET stack frame ("   at Type.Method(...)").</summary>
        public bool HasStackTrace => Exception is not null || Message.Contains("\n   at ", StringComparison.Ordinal);

        public override string ToString() => $"{Level} {Category}: {Message}{(Exception is null ? "" : $" [{Exception.GetType().Name}]")}";
    }

    public IReadOnlyList<Entry> Entries => [.. _entries];

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, _entries);

    public void Dispose()
    {
    }

    private sealed class Logger(string category, ConcurrentQueue<Entry> entries) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            ArgumentNullException.ThrowIfNull(formatter);
            entries.Enqueue(new Entry(category, logLevel, formatter(state, exception), exception));
        }
    }
}
