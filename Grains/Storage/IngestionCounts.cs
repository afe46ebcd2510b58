namespace Kasparro.Grains.Storage;

/// <summary>Row counts of one source's data.</summary>
public sealed record IngestionCounts(long Assets, long Quotes, long Rejected, long News = 0);
