using Microsoft.Extensions.Logging;

namespace Kasparro.Hosting.Logging;

/// <summary>
/// A logger that writes an entry carrying an exception at most once per <see cref="LogThrottle.Window"/>
/// for the same category, event, message template and exception (the chain of exception types), and
/// says how many it left out when the next one passes. The template keeps apart the different
/// messages of one class that share event id 0. Entries without an exception pass untouched.
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

        // The project's own messages name what failed (a source, a run): two sources failing alike are
        // two entries. The runtime's name an activation, new at every attempt: for those the template.
        var message = category.StartsWith(OwnPrefix, StringComparison.Ordinal) ? formatter(state, exception) : Template(state);
        if (!throttle.TryPass($"{category}|{eventId.Id}|{message}|{Chain(exception)}", out var suppressed))
        {
            return;
        }

        if (suppressed > 0)
        {
            // A decorator repeats its caller's level and event id, which no generated method can take.
#pragma warning disable CA1848
            inner.Log(logLevel, eventId, "{Suppressed} more entries like the next one (same event, message and exception) were left out in the last {Window} s", suppressed, throttle.Window.TotalSeconds);
#pragma warning restore CA1848
        }

        inner.Log(logLevel, eventId, state, exception, formatter);
    }

    private const string OwnPrefix = "Kasparro.";

    /// <summary>The message template (<c>{OriginalFormat}</c>), so unrelated messages of one class sharing event id 0 are told apart.</summary>
    private static string Template<TState>(TState state)
    {
        if (state is IReadOnlyList<KeyValuePair<string, object?>> values)
        {
            foreach (var (key, value) in values)
            {
                if (key == "{OriginalFormat}")
                {
                    return value?.ToString() ?? string.Empty;
                }
            }
        }

        return string.Empty;
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
