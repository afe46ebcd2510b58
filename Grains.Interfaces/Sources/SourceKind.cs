namespace Kasparro.Grains.Interfaces.Sources;

/// <summary>The kinds of source a connector exists for. A source's kind is configuration.</summary>
[Alias("kasparro.SourceKind")]
public enum SourceKind
{
    Csv,
    CoinGecko,
    Rss,
}
