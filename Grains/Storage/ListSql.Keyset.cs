namespace Kasparro.Grains.Storage;

/// <content>
/// Keyset (cursor) pages of the asset list: the rows strictly after a key (<c>@cap</c> or none,
/// <c>@after_source</c>, <c>@after_id</c>) in the list's order, market cap largest first and none last.
/// </content>
/// <remarks>
/// The order mixes directions (cap descending, strings ascending), so no single row comparison states
/// "after" for the whole index key. The rows after a key with a cap are three ranges of the index, one
/// after the other: the same cap with a later source and id, a smaller cap, no cap. Each is a range the
/// index starts at and walks for at most one page; the union (at most three pages) is sorted and cut
/// to one page. After a key without a cap only the first range is left. Where a source is filtered
/// (ix_assets_source_cap) source is no part of the order, and the key's source is not used.
/// </remarks>
internal static partial class ListSql
{
    /// <summary>The keys of one page after a key with a market cap.</summary>
    private static string AfterCapKeys(string[] filters, bool bySource, string order)
    {
        string RangeOf(string condition) =>
            $"(SELECT source, external_id, market_cap FROM assets {WhereAll(filters, condition)} ORDER BY {order} LIMIT @limit)";
        return $"""
            SELECT source, external_id FROM (
                {RangeOf("market_cap = @cap AND " + LaterKey(bySource))}
                UNION ALL
                {RangeOf("market_cap < @cap")}
                UNION ALL
                {RangeOf("market_cap IS NULL")}
            ) u
            ORDER BY {order} LIMIT @limit
            """;
    }

    /// <summary>The keys of one page after a key without a market cap: later keys among the assets without one.</summary>
    private static string AfterNullKeys(string[] filters, bool bySource, string order) =>
        $"SELECT source, external_id FROM assets {WhereAll(filters, "market_cap IS NULL AND " + LaterKey(bySource))} ORDER BY {order} LIMIT @limit";

    /// <summary>A later (source and) external id than the key's, compared as the index compares them (COLLATE "C").</summary>
    private static string LaterKey(bool bySource) => bySource
        ? """external_id COLLATE "C" > @after_id"""
        : """(source COLLATE "C", external_id COLLATE "C") > (@after_source, @after_id)""";

    private static string WhereAll(string[] filters, string condition) => "WHERE " + string.Join(" AND ", filters.Append(condition));
}
