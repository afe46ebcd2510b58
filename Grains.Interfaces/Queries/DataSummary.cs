namespace Kasparro.Grains.Interfaces.Queries;

/// <summary>What a source has stored: assets (latest quotes), their total market cap, and news items.</summary>
[GenerateSerializer, Immutable, Alias("kasparro.DataSummary")]
public sealed record DataSummary(
    [property: Id(0)] string Source,
    [property: Id(1)] long Assets,
    [property: Id(2)] decimal TotalMarketCap,
    [property: Id(3)] long NewsItems);
