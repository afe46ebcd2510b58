namespace Kasparro.Grains.Interfaces.Sources;

/// <summary>
/// Where a CoinGecko markets cycle is: the next page to fetch. A run that fails on page k resumes
/// at page k; once the last page is durable the cycle is complete and the next run starts at page 1.
/// <see cref="LastUpdated"/> holds each coin's last durable <c>last_updated</c>, so quotes that did
/// not move are not written again.
/// </summary>
[GenerateSerializer, Immutable, Alias("kasparro.CoinGeckoCheckpoint")]
public sealed record CoinGeckoCheckpoint(
    [property: Id(0)] int NextPage,
    [property: Id(1)] bool CycleComplete,
    [property: Id(2)] IReadOnlyDictionary<string, DateTime>? LastUpdated = null);
