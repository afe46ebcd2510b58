using System.Globalization;
using System.Runtime.CompilerServices;
using System.ServiceModel.Syndication;
using System.Xml;
using Kasparro.Grains.Interfaces.Sources;
using Kasparro.Grains.Normalization;
using Kasparro.Grains.Resilience;
using Kasparro.Grains.Sources;

namespace Kasparro.Grains.Connectors.Rss;

/// <summary>
/// Reads an RSS 2.0 or Atom 1.0 feed (System.ServiceModel.Syndication) as one batch of items.
/// The XML is read safely: no DTD, no external entities, a bounded size, so an XML bomb or an
/// oversized feed fails the run with its reason. Incremental by published time plus the keys
/// already seen at the boundary time.
/// </summary>
public sealed class RssConnector(IHttpClientFactory httpClients) : ISourceConnector
{
    /// <summary>Largest feed accepted (<c>MaxFeedBytes</c>): a feed is a page of headlines, not a data dump.</summary>
    public const long DefaultMaxFeedBytes = 5 * 1024 * 1024;

    public SourceKind Kind => SourceKind.Rss;

    public async IAsyncEnumerable<SourceBatch> ReadAsync(
        SourceDefinition source, SourceCheckpoint checkpoint, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(checkpoint);
        var limit = source.Settings.TryGetValue("MaxFeedBytes", out var text) && long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var configured)
            ? configured
            : DefaultMaxFeedBytes;
        var payload = await FetchAsync(source, limit, cancellationToken);
        var feed = Parse(payload, limit, source.Id);

        var boundary = checkpoint.Rss;
        var seenAtBoundary = new HashSet<string>(boundary?.KeysAtBoundary ?? [], StringComparer.Ordinal);
        var records = new List<SourceRecord>();
        var taken = new List<(string Key, DateTime? Published)>();
        var index = 0;
        foreach (var item in feed.Items)
        {
            var key = item.Id is { Length: > 0 } id ? id : item.Links.FirstOrDefault()?.Uri?.ToString() ?? "";
            var published = Published(item);
            index++;
            if (boundary?.LastPublished is { } last && published is { } at && (at < last || (at == last && seenAtBoundary.Contains(key))))
            {
                continue; // already durable in an earlier run
            }

            records.Add(ToRecord(item, key, published, index));
            taken.Add((key, published));
        }

        if (records.Count > 0)
        {
            var next = NextBoundary(boundary, seenAtBoundary, taken);
            yield return new SourceBatch(records, new SourceCheckpoint(checkpoint.RecordsCommitted + records.Count, DateTime.UtcNow, Rss: next));
        }
    }

    /// <summary>The newest published time read this run, with every key seen at it (carrying the old keys when it did not move).</summary>
    private static RssCheckpoint NextBoundary(RssCheckpoint? boundary, HashSet<string> seenAtBoundary, List<(string Key, DateTime? Published)> taken)
    {
        var newest = taken.Select(t => t.Published).Where(p => p is not null).DefaultIfEmpty(null).Max();
        if (newest is null || (boundary?.LastPublished is { } previous && newest < previous))
        {
            return boundary ?? new RssCheckpoint(null, []);
        }

        var keysAtNewest = taken.Where(t => t.Published == newest).Select(t => t.Key);
        var carried = boundary?.LastPublished == newest ? seenAtBoundary : [];
        return new RssCheckpoint(newest, carried.Concat(keysAtNewest).Distinct(StringComparer.Ordinal).ToArray());
    }

    private static SyndicationFeed Parse(byte[] payload, long limit, string source)
    {
        var settings = new XmlReaderSettings
        {
            DtdProcessing = DtdProcessing.Prohibit, // no DTD means no entity expansion: no XML bomb
            XmlResolver = null,
            MaxCharactersInDocument = limit,
            MaxCharactersFromEntities = 1024,
            IgnoreComments = true,
        };
        try
        {
            using var reader = XmlReader.Create(new MemoryStream(payload), settings);
            return SyndicationFeed.Load(reader);
        }
        catch (XmlException ex)
        {
            throw new InvalidDataException($"Feed of source '{source}' is not safe, well-formed RSS or Atom: {ex.Message}", ex);
        }
    }

    private async Task<byte[]> FetchAsync(SourceDefinition source, long limit, CancellationToken cancellationToken)
    {
        var location = SourceLocation.Parse(source.Url);
        if (location.IsFile)
        {
            return await BoundedReader.ReadFileAsync(location.FilePath!, limit, cancellationToken);
        }

        using var request = new HttpRequestMessage(HttpMethod.Get, location.HttpUri);
        using var response = await httpClients.SendAsync(source, request, cancellationToken);
        response.EnsureSuccessStatusCode();
        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
        return await BoundedReader.ReadAsync(body, limit, $"Feed {location.HttpUri}", cancellationToken);
    }

    private static DateTime? Published(SyndicationItem item)
    {
        var at = item.PublishDate != default ? item.PublishDate : item.LastUpdatedTime;
        return at == default ? null : at.UtcDateTime;
    }

    private static SourceRecord ToRecord(SyndicationItem item, string key, DateTime? published, int index)
    {
        var summary = item.Summary?.Text ?? (item.Content as TextSyndicationContent)?.Text;
        var fields = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
        {
            ["key"] = key,
            ["title"] = item.Title?.Text,
            ["link"] = item.Links.FirstOrDefault()?.Uri?.ToString(),
            ["published"] = published?.ToString("O", CultureInfo.InvariantCulture),
            ["summary"] = summary,
            ["authors"] = string.Join(NewsNormalizer.ListSeparator, item.Authors.Select(a => a.Name ?? a.Email).Where(a => !string.IsNullOrWhiteSpace(a))),
            ["categories"] = string.Join(NewsNormalizer.ListSeparator, item.Categories.Select(c => c.Name).Where(c => !string.IsNullOrWhiteSpace(c))),
        };
        var payload = $"{fields["key"]}\n{fields["title"]}\n{fields["link"]}\n{fields["published"]}\n{summary}";
        return new SourceRecord(fields, payload, $"item {index}");
    }
}
