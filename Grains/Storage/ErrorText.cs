using Npgsql;

namespace Kasparro.Grains.Storage;

/// <summary>An exception as one line a person can act on: its message and its causes', never a stack trace.</summary>
public static class ErrorText
{
    /// <summary>At most this many messages of the chain: the cause is near the top, the rest is noise.</summary>
    private const int MaxParts = 4;

    /// <summary>
    /// The messages of <paramref name="exception"/> and its inner exceptions joined by ": ", each
    /// once, line breaks folded into spaces; a server error shows its SQLSTATE.
    /// </summary>
    public static string OneLine(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        var parts = new List<string>();
        for (var e = exception; e is not null && parts.Count < MaxParts; e = e.InnerException)
        {
            var text = Fold(e is PostgresException pg ? $"{pg.SqlState}: {pg.MessageText}" : e.Message);
            if (text.Length > 0 && !parts.Any(p => p.Contains(text, StringComparison.Ordinal)))
            {
                parts.Add(text);
            }
        }

        return string.Join(": ", parts);
    }

    private static string Fold(string text) =>
        string.Join(' ', text.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).TrimEnd('.');
}
