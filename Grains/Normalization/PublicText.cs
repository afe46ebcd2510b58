using System.Text.RegularExpressions;

namespace Kasparro.Grains.Normalization;

/// <summary>
/// Makes an exception's message fit to be shown to API clients (a failed run's error in /runs,
/// /sources, /stats and /health): absolute file paths keep only their file name, network endpoints
/// (<c>host:port</c>, a connection string's <c>Host=</c> and <c>Port=</c>) are replaced by
/// <c>&lt;host&gt;</c>. The message still says what went wrong (which file, that a connection was
/// refused); where the service's files and database live stays in the log, which gets the full text.
/// </summary>
public static partial class PublicText
{
    public const string Host = "<host>";

    public static string Redact(string message)
    {
        ArgumentNullException.ThrowIfNull(message);
        try
        {
            var text = ConnectionSetting().Replace(message, m => $"{m.Groups["key"].Value}={Host}");
            text = Endpoint().Replace(text, Host);
            text = UnixPath().Replace(text, m => FileName(m.Value, '/'));
            return WindowsPath().Replace(text, m => FileName(m.Value, '\\'));
        }
        catch (RegexMatchTimeoutException)
        {
            // A message built to make the patterns slow is not worth showing.
            return Withheld;
        }
    }

    public const string Withheld = "(the message could not be checked for addresses and paths; see the log)";

    /// <summary>Null stays null.</summary>
    public static string? RedactOrNull(string? message) => message is null ? null : Redact(message);

    private static string FileName(string path, char separator)
    {
        var name = path.TrimEnd(separator);
        var cut = name.LastIndexOf(separator);
        return cut < 0 || cut == name.Length - 1 ? "…" : string.Concat("…", separator.ToString(), name.AsSpan(cut + 1));
    }

    // Host=db.internal;Port=5432 (Npgsql), Server=..., Data Source=...: the value up to the next ';' or quote.
    [GeneratedRegex(@"\b(?<key>Host|Server|Port|Data Source|Address)\s*=\s*[^;'""\s)]*", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, 1000)]
    private static partial Regex ConnectionSetting();

    // 10.0.0.7:5432, [::1]:5432, db.internal:5432, localhost:5432 (a time such as 10:00:00 has no dot before its colon).
    [GeneratedRegex(@"(?<![\w.\-:\[\]])(?:\d{1,3}(?:\.\d{1,3}){3}|\[[0-9A-Fa-f:.]+\]|localhost|[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)+):\d{1,5}\b", RegexOptions.CultureInvariant, 1000)]
    private static partial Regex Endpoint();

    // An absolute path of at least two parts (/srv/data/coins.csv), not the path of a URL (preceded by its host).
    [GeneratedRegex(@"(?<![\w.\-~:/])/(?:[^/\s'""<>|:*?]+/)+[^/\s'""<>|:*?,;)]*", RegexOptions.CultureInvariant, 1000)]
    private static partial Regex UnixPath();

    [GeneratedRegex(@"(?<![\w])[A-Za-z]:\\(?:[^\\\s'""<>|:*?]+\\)*[^\\\s'""<>|:*?,;)]*", RegexOptions.CultureInvariant, 1000)]
    private static partial Regex WindowsPath();
}
