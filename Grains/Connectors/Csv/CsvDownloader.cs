using Kasparro.Grains.Sources;

namespace Kasparro.Grains.Connectors.Csv;

/// <summary>
/// Gives the CSV connector a local file to stream. A file source is used where it is; an http(s)
/// source is downloaded (streamed to disk, never held in memory) to a per-source copy, replaced
/// atomically, so byte offsets and file identity work exactly as for a local file.
/// </summary>
public sealed class CsvDownloader(IHttpClientFactory httpClientFactory)
{
    private static readonly string DownloadDirectory = Path.Combine(Path.GetTempPath(), "kasparro-csv");

    public async Task<string> LocalPathAsync(SourceDefinition source, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        var location = SourceLocation.Parse(source.Url);
        if (location.IsFile)
        {
            return location.FilePath!;
        }

        Directory.CreateDirectory(DownloadDirectory);
        var target = Path.Combine(DownloadDirectory, $"{source.Id}.csv");
        var partial = target + ".partial";
        using var request = new HttpRequestMessage(HttpMethod.Get, location.HttpUri);
        using (var response = await Resilience.SourceHttpClients.SendAsync(httpClientFactory, source, request, cancellationToken))
        {
            response.EnsureSuccessStatusCode();
            await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
            await using var file = new FileStream(partial, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true);
            await body.CopyToAsync(file, cancellationToken);
        }

        File.Move(partial, target, overwrite: true);
        return target;
    }
}
