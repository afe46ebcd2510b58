namespace Kasparro.Grains.Interfaces.Queries;

/// <summary>Which page of a list: <see cref="Number"/> counts from 1, <see cref="Size"/> items per page.</summary>
[GenerateSerializer, Immutable, Alias("kasparro.PageRequest")]
public sealed record PageRequest([property: Id(0)] int Number, [property: Id(1)] int Size)
{
    /// <summary>Items before this page (a long: page 2,000,000,000 of 100 must not overflow).</summary>
    public long Offset => ((long)Number - 1) * Size;
}
