namespace Kasparro.Grains.Interfaces.Queries;

/// <summary>Which news items to list: of a source, and/or mentioning a symbol (upper case).</summary>
[GenerateSerializer, Immutable, Alias("kasparro.NewsFilter")]
public sealed record NewsFilter([property: Id(0)] string? Source, [property: Id(1)] string? Symbol);
