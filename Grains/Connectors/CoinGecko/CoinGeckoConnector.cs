using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Kasparro.Grains.Interfaces.Sources;
using Kasparro.Grains.Resilience;
using Kasparro.Grains.Sources;

namespace Kasparro.Grains.Connectors.CoinGecko;

/// <summary>
/// Reads CoinGecko's <c>GET /coins/markets</c> page by page (order by market cap), each page one
/// batch with its own checkpoint, through the source's resilient HttpClient. A <c>file://</c> URL
/// or a path reads a saved markets response instead (the offline demo).
/// </summary>
public sealed class CoinGeckoConnector(IHttpClientFactory httpClients) : ISourceConnector
{
    public SourceKind Kind => SourceKind.CoinGecko;

    public async IAsyncEnumerable<SourceBatch> ReadAsync(
        SourceDefinition source, SourceCheckpoint checkpoint, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(checkpoint);
        var settings = CoinGeckoSettings.From(source);
        var location = SourceLocation.Parse(source.Url);
        var consumed = checkpoint.RecordsCommitted;
        var first = checkpoint.CoinGecko is { CycleComplete: false } cycle ? cycle.NextPage : 1;
        var lastPage = location.IsFile ? 1 : settings.Pages;
        var seen = new Dictionary<string, DateTime>(checkpoint.CoinGecko?.LastUpdated ?? new Dictionary<string, DateTime>(), StringComparer.Ordinal);

        for (var page = first; page <= lastPage; page++)
        {
            var payload = location.IsFile
                ? await BoundedReader.ReadFileAsync(location.FilePath!, BoundedReader.DefaultLimit, cancellationToken)
                : await FetchPageAsync(source, settings, location.HttpUri!, page, cancellationToken);
            var all = Parse(payload, page);
            var changed = all.Where(r => Moved(r, seen)).ToList();
            consumed += changed.Count;
            var complete = page == lastPage || all.Count < settings.PerPage;
            var next = new CoinGeckoCheckpoint(page + 1, complete, new Dictionary<string, DateTime>(seen, StringComparer.Ordinal));
            yield return new SourceBatch(changed, new SourceCheckpoint(consumed, DateTime.UtcNow, CoinGecko: next));
            if (complete)
            {
                yield break;
            }
        }
    }

    /// <summary>
    /// True when the coin's last_updated moved since the last durable run (or cannot be read: then
    /// the validator decides). The map is updated for the checkpoint of this page.
    /// </summary>
    private static bool Moved(SourceRecord record, Dictionary<string, DateTime> seen)
    {
        // An id that is not a clean key is rejected by the normalizer; it must not reach the
        // checkpoint either (the run log keeps checkpoints in jsonb, which refuses \u0000).
        if (record.Fields.GetValueOrDefault("id") is not { Length: > 0 } id
            || !Normalization.StorableText.IsCleanKey(id)
            || record.Fields.GetValueOrDefault("last_updated") is not { } text
            || !Normalization.TimestampParser.TryParse(text, out var updated))
        {
            return true;
        }

        if (seen.TryGetValue(id, out var before) && before >= updated)
        {
            return false;
        }

        seen[id] = updated;
        return true;
    }

    private static List<SourceRecord> Parse(byte[] payload, int page)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(payload, new JsonDocumentOptions { MaxDepth = 32 });
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"CoinGecko page {page}: the response is not valid JSON ({ex.Message})", ex);
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Array)
            {
                throw new InvalidDataException($"CoinGecko page {page}: expected a JSON array of coins, found {document.RootElement.ValueKind}.");
            }

            var records = new List<SourceRecord>(document.RootElement.GetArrayLength());
            var index = 0;
            foreach (var coin in document.RootElement.EnumerateArray())
            {
                records.Add(JsonRecords.From(coin, $"page {page} #{index++}"));
            }

            return records;
        }
    }

    private async Task<byte[]> FetchPageAsync(
        SourceDefinition source, CoinGeckoSettings settings, Uri baseUri, int page, CancellationToken cancellationToken)
    {
        var baseUrl = settings.ProPlan && baseUri.Host == "api.coingecko.com" ? new Uri(CoinGeckoSettings.ProBaseUrl) : baseUri;
        var query = string.Create(CultureInfo.InvariantCulture,
            $"coins/markets?vs_currency={Uri.EscapeDataString(settings.VsCurrency)}&order=market_cap_desc&per_page={settings.PerPage}&page={page}");
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(new Uri(baseUrl.ToString().TrimEnd('/') + "/"), query));
        request.Headers.Accept.ParseAdd("application/json");
        if (settings.ApiKey is { } key)
        {
            request.Headers.Add(settings.ProPlan ? CoinGeckoSettings.ProKeyHeader : CoinGeckoSettings.DemoKeyHeader, key);
        }

        using var response = await httpClients.SendAsync(source, request, cancellationToken);
        response.EnsureSuccessStatusCode(); // transient statuses were already retried by the pipeline
        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
        return await BoundedReader.ReadAsync(body, BoundedReader.DefaultLimit, $"CoinGecko page {page}", cancellationToken);
    }
}
