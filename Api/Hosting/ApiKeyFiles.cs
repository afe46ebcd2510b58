using Kasparro.Hosting;

namespace Kasparro.Api.Hosting;

/// <summary>
/// Reads keys from files (mounted secrets): blank lines and lines starting with <c>#</c> are skipped,
/// and white space around a line is not part of its key. A file that cannot be read stops the start,
/// naming the setting; the message never quotes the file's content.
/// </summary>
public static class ApiKeyFiles
{
    /// <summary>The keys of <paramref name="path"/> with their line numbers (from 1, counting every line).</summary>
    public static List<(int Line, string Key)> ReadLines(string path, string setting)
    {
        string[] lines;
        try
        {
            lines = File.ReadAllLines(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw KasparroOptions.Invalid($"{setting} is '{path}': the file cannot be read ({ex.GetType().Name}).");
        }

        var keys = lines.Select((text, i) => (Line: i + 1, Key: text.Trim()))
            .Where(l => l.Key.Length > 0 && !l.Key.StartsWith('#')).ToList();
        return keys.Count > 0
            ? keys
            : throw KasparroOptions.Invalid($"{setting} is '{path}': the file holds no key (one per line; # starts a comment).");
    }

    /// <summary>The one key of <paramref name="path"/> (<c>Kasparro:Api:Keys:{id}:KeyFile</c>): a second key line is refused.</summary>
    public static string ReadSingle(string path, string setting)
    {
        var keys = ReadLines(path, setting);
        return keys.Count == 1
            ? keys[0].Key
            : throw KasparroOptions.Invalid(
                $"{setting} is '{path}': the file holds {keys.Count} keys (lines {string.Join(", ", keys.Select(k => k.Line))}); expected one.");
    }
}
