namespace Kasparro.Grains.Interfaces.Queries;

/// <summary>The quote history of one asset, newest first, between two inclusive bounds when given.</summary>
[GenerateSerializer, Immutable, Alias("kasparro.QuoteHistoryQuery")]
public sealed record QuoteHistoryQuery(
    [property: Id(0)] string Source,
    [property: Id(1)] string ExternalId,
    [property: Id(2)] DateTime? From,
    [property: Id(3)] DateTime? To);
