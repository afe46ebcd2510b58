namespace Kasparro.Grains.Interfaces.Queries;

/// <summary>
/// One page of a list and the size of the whole list. A page past the end is empty but still
/// carries the totals, so a client can tell "no such page" from "no data".
/// </summary>
[GenerateSerializer, Immutable, Alias("kasparro.Page`1")]
public sealed record Page<T>(
    [property: Id(0)] IReadOnlyList<T> Items,
    [property: Id(1)] long TotalItems,
    [property: Id(2)] PageRequest Request)
{
    /// <summary>
    /// True when <see cref="TotalItems"/> is an estimate: a list matching more items than
    /// the store counts one by one (see the README, "Pagination").
    /// </summary>
    [Id(3)]
    public bool TotalEstimated { get; init; }

    public long TotalPages => TotalItems == 0 ? 0 : ((TotalItems - 1) / Request.Size) + 1;
}
