namespace Kasparro.Grains.Interfaces.Sources;

/// <summary>
/// A source's position: what has been made durable. Each connector kind keeps its own part
/// (only one is set); <see cref="RecordsCommitted"/> counts every record ever consumed, so the
/// checkpoint can be seen to move forward and never back (only an operator's reset or replay moves it back).
/// </summary>
[GenerateSerializer, Immutable, Alias("kasparro.SourceCheckpoint")]
public sealed record SourceCheckpoint(
    [property: Id(0)] long RecordsCommitted,
    [property: Id(1)] DateTime? UpdatedAt,
    [property: Id(2)] CsvCheckpoint? Csv = null,
    [property: Id(3)] CoinGeckoCheckpoint? CoinGecko = null,
    [property: Id(4)] RssCheckpoint? Rss = null)
{
    /// <summary>
    /// A new start checkpoint each time. Never share one instance as a default: grain state is read
    /// back into the objects it already holds, and a shared default would carry one grain's
    /// checkpoint into every other grain of the process.
    /// </summary>
    public static SourceCheckpoint Start => new(0, null);
}
