using Microsoft.Extensions.Logging;

namespace Kasparro.Grains.Logging;

/// <summary>
/// A logger that writes an entry carrying an exception at most once per <see cref="LogThrottle.Window"/>
/// for the same category, event and exception (the chain of exception types), and says how many it
/// left out when the next one passes. Entries without an exception pass untouched.
/// </summary>
internal sealed class ThrottledLogger(ILogger inner, string category, LogThrottle throttle) : ILogger
{
    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => inner.BeginScope(state);

    public bool IsEnabled(LogLevel logLevel) => inner.IsEnabled(logLevel);

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (exception is null || logLevel < LogLevel.Warning || !inner.IsEnabled(logLevel))
        {
            inner.Log(logLevel, eventId, state, exception, formatter);
            return;
        }

        if (!throttle.TryPass($"{category}|{eventId.Id}|{Chain(exception)}", out var suppressed))
        {
            return;
        }

        if (suppressed > 0)
        {
            inner.Log(logLevel, eventId, "{Suppressed} more entries like the next one (same event and exception) were left out in the last {Window} s", suppressed, throttle.Window.TotalSeconds);
        }

        inner.Log(logLevel, eventId, state, exception, formatter);
    }

    private static string Chain(Exception exception)
    {
        var types = new List<string>();
        for (Exception? e = exception; e is not null && types.Count < 8; e = e.InnerException)
        {
            types.Add(e.GetType().Name);
        }

        return string.Join('>', types);
    }
}
