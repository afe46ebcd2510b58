using Kasparro.Grains.Interfaces.Assets;
using Kasparro.Grains.Interfaces.News;

namespace Kasparro.Grains.Storage;

/// <summary>What one batch writes, in one transaction: its valid quotes or news items, and its rejects.</summary>
public sealed record IngestionBatch(
    string Source, Guid RunId, IReadOnlyList<AssetQuote> Quotes, IReadOnlyList<RejectedRecord> Rejected, IReadOnlyList<NewsItem> News)
{
    /// <summary>Records written by this batch (quotes or news items).</summary>
    public int Written => Quotes.Count + News.Count;
}
