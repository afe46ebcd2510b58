namespace Kasparro.Grains.Interfaces.Sources;

/// <summary>
/// A source's position: what has been made durable. Each connector kind keeps its own part
/// (only one is set); <see cref="RecordsCommitted"/> counts every record ever consumed, so the
/// checkpoint can be seen to move forward and never back.
/// </summary>
[GenerateSerializer, Immutable, Alias("kasparro.SourceCheckpoint")]
public sealed record SourceCheckpoint(
    [property: Id(0)] long RecordsCommitted,
    [property: Id(1)] DateTime? UpdatedAt,
    [property: Id(2)] CsvCheckpoint? Csv = null)
{
    public static SourceCheckpoint Start { get; } = new(0, null);
}
