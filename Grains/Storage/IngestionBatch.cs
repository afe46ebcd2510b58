using Kasparro.Grains.Interfaces.Assets;

namespace Kasparro.Grains.Storage;

/// <summary>What one batch writes, in one transaction: its valid quotes and its rejects.</summary>
public sealed record IngestionBatch(string Source, Guid RunId, IReadOnlyList<AssetQuote> Quotes, IReadOnlyList<RejectedRecord> Rejected);
