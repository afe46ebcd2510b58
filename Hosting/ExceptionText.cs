namespace Kasparro.Hosting;

/// <summary>
/// An exception as one short line for a log line or a health problem: its type and the first line of
/// its message, clipped. Orleans' messages can carry a whole inner exception with its stack trace.
/// </summary>
public static class ExceptionText
{
    public const int MaxLength = 200;

    public static string FirstLine(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return $"{exception.GetType().Name}: {Clip(exception.Message)}";
    }

    /// <summary>The first line of <paramref name="text"/>, at most <see cref="MaxLength"/> characters.</summary>
    public static string Clip(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var line = text.AsSpan();
        var end = line.IndexOfAny('\r', '\n');
        line = (end >= 0 ? line[..end] : line).TrimEnd();
        return line.Length > MaxLength ? string.Concat(line[..MaxLength], "...") : line.ToString();
    }
}
