namespace Kasparro.Grains.Interfaces.Sources;

/// <summary>
/// Where a CoinGecko markets cycle is: the next page to fetch. A run that fails on page k resumes
/// at page k; once the last page is durable the cycle is complete and the next run starts at page 1.
/// </summary>
[GenerateSerializer, Immutable, Alias("kasparro.CoinGeckoCheckpoint")]
public sealed record CoinGeckoCheckpoint(
    [property: Id(0)] int NextPage,
    [property: Id(1)] bool CycleComplete);
