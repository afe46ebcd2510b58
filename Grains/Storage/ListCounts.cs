namespace Kasparro.Grains.Storage;

/// <summary>
/// How a list's total is found, alike in both stores: exact up to <see cref="Bound"/> matching items;
/// past it PostgreSQL estimates (a count would read every match), and the page says so
/// (<see cref="Interfaces.Queries.Page{T}.TotalEstimated"/>). The in-memory store counts exactly but
/// flags the same totals, so a client sees the same answer from either.
/// </summary>
public static class ListCounts
{
    /// <summary>The most matching items a list counts one by one.</summary>
    public const int Bound = 1000;

    /// <summary>Whether a total of <paramref name="count"/> items is given as an estimate.</summary>
    public static bool Estimated(long count) => count > Bound;
}
