namespace Kasparro.Grains.Interfaces.Sources;

/// <summary>
/// How far a CSV file has been durably ingested, and which file that was. The identity fields let
/// the next run tell an appended file (continue at <see cref="ByteOffset"/>) from a replaced or
/// truncated one (start again from the top; safe because writes are idempotent).
/// </summary>
[GenerateSerializer, Immutable, Alias("kasparro.CsvCheckpoint")]
public sealed record CsvCheckpoint(
    [property: Id(0)] long ByteOffset,
    [property: Id(1)] long Line,
    [property: Id(2)] long FileSize,
    [property: Id(3)] DateTime FileModifiedUtc,
    [property: Id(4)] string HeadHash,
    [property: Id(5)] string TailHash,
    [property: Id(6)] IReadOnlyList<string> Header);
