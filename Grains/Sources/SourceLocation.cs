namespace Kasparro.Grains.Sources;

/// <summary>
/// Where a source reads from: an http(s) URL, a <c>file://</c> URL or a plain path. Relative paths
/// are resolved against the application's directory first (where the demo data is shipped), then
/// the working directory.
/// </summary>
public sealed record SourceLocation(Uri? HttpUri, string? FilePath)
{
    public bool IsFile => FilePath is not null;

    public static bool TryParse(string text, out SourceLocation location)
    {
        location = new SourceLocation(null, null);
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        text = text.Trim();
        if (Uri.TryCreate(text, UriKind.Absolute, out var uri))
        {
            if (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
            {
                location = new SourceLocation(uri, null);
                return true;
            }

            if (uri.IsFile)
            {
                location = new SourceLocation(null, uri.LocalPath);
                return true;
            }

            // Windows drive letters parse as a scheme; anything else with a scheme is not supported.
            if (!Path.IsPathRooted(text))
            {
                return false;
            }
        }

        location = new SourceLocation(null, Resolve(text));
        return true;
    }

    public static SourceLocation Parse(string text) =>
        TryParse(text, out var location) ? location : throw new ArgumentException($"Not a source location: '{text}'", nameof(text));

    private static string Resolve(string path)
    {
        if (Path.IsPathRooted(path))
        {
            return path;
        }

        var besideApp = Path.Combine(AppContext.BaseDirectory, path);
        return File.Exists(besideApp) ? besideApp : Path.GetFullPath(path);
    }
}
