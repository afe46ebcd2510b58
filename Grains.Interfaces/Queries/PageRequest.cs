namespace Kasparro.Grains.Interfaces.Queries;

/// <summary>Which page of a list: <see cref="Number"/> counts from 1, <see cref="Size"/> items per page.</summary>
[GenerateSerializer, Immutable, Alias("kasparro.PageRequest")]
public sealed record PageRequest([property: Id(0)] int Number, [property: Id(1)] int Size)
{
    /// <summary>Items before this page (a long: page 2,000,000,000 of 100 must not overflow).</summary>
    public long Offset => ((long)Number - 1) * Size;

    /// <summary>
    /// Keyset paging of the asset list: when set, the page is the <see cref="Size"/> assets strictly after
    /// this key in the list's order (<see cref="Number"/> is then not used). Other lists ignore it.
    /// </summary>
    [Id(2)]
    public AssetKey? AfterAsset { get; init; }
}
