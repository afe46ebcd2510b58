namespace Kasparro.Grains.Storage;

/// <summary>
/// The statements behind the gateway's lists, one text per combination of the filters given (a
/// small fixed set, built once): each is prepared once per connection and planned for its own
/// shape, where <c>(@p IS NULL OR ...)</c> would be one plan for every shape. Every order is that of
/// an index of migration 0014, expression and collation alike, so a page walks an index and stops.
/// </summary>
/// <remarks>
/// A page is found in two steps: the keys of its rows from the index alone (an index-only scan
/// skips the rows before the page without reading them), then those rows by primary key.
/// A total is counted exactly up to <see cref="ListCounts.Bound"/>; past it, it is the planner's
/// estimate (at least the bound plus one), and the page says so.
/// </remarks>
internal static partial class ListSql
{
    private const string AssetColumns =
        "a.source, a.external_id, a.symbol, a.name, a.current_price, a.market_cap, a.volume_24h, a.price_change_24h, a.last_updated, a.run_id";

    private const string NewsColumns =
        "n.source, n.item_key, n.title, n.link, n.published_at, n.summary, n.authors, n.categories, n.symbols, n.run_id";

    private const string AssetOrder = """market_cap DESC NULLS LAST, source COLLATE "C", external_id COLLATE "C" """;

    private const string NewsOrder = """published_at DESC NULLS LAST, source COLLATE "C", item_key COLLATE "C" """;

    private static readonly Filter[] AssetFilters =
    [
        new("source = @source", "source = %L", "@source"),
        new("symbol = @symbol", "symbol = %L", "@symbol"),
        new("current_price >= @min", "current_price >= %L", "@min"),
        new("current_price <= @max", "current_price <= %L", "@max"),
    ];

    private static readonly Filter[] NewsFilters =
    [
        new("source = @source", "source = %L", "@source"),
        new("symbols @> ARRAY[@symbol]::text[]", "symbols @> ARRAY[%L]::text[]", "@symbol"),
    ];

    private static readonly Filter[] RunFilters =
    [
        new("source = @source", "source = %L", "@source"),
        new("status = @status", "status = %L", "@status"),
    ];

    private static readonly Shape[] Assets = [.. Enumerable.Range(0, 1 << AssetFilters.Length).Select(AssetShape)];

    private static readonly Shape[] News = [.. Enumerable.Range(0, 1 << NewsFilters.Length).Select(NewsShape)];

    private static readonly string[] Runs =
    [
        .. Enumerable.Range(0, 4).Select(mask =>
            $"SELECT {RunLogSql.Columns} FROM run_log {Where(RunFilters, mask)} ORDER BY started_at DESC, run_id DESC LIMIT @limit OFFSET @offset"),
    ];

    /// <summary>
    /// The statements of one combination of filters: its total (count, estimated) and its page; for the asset
    /// list also the page after a cursor's key with a market cap (<see cref="AfterCap"/>) and without (<see cref="AfterNull"/>).
    /// </summary>
    internal sealed record Shape(string Count, string Page, string? AfterCap = null, string? AfterNull = null);

    /// <summary>One filter: its condition, the same with the value quoted by format() for the estimate, and its parameter.</summary>
    private sealed record Filter(string Condition, string Quoted, string Parameter);

    /// <summary>Bit 0 source, 1 symbol, 2 lowest price, 3 highest price: set when that filter is given.</summary>
    public static Shape ForAssets(bool source, bool symbol, bool min, bool max) =>
        Assets[(source ? 1 : 0) | (symbol ? 2 : 0) | (min ? 4 : 0) | (max ? 8 : 0)];

    /// <summary>Bit 0 source, 1 symbol.</summary>
    public static Shape ForNews(bool source, bool symbol) => News[(source ? 1 : 0) | (symbol ? 2 : 0)];

    /// <summary>
    /// A page of the run log, newest first: ix_run_log_started, ix_run_log_status_started,
    /// ix_run_log_source_started_id or ix_run_log_source_status_started, as filtered.
    /// </summary>
    public static string ForRuns(bool source, bool status) => Runs[(source ? 1 : 0) | (status ? 2 : 0)];

    private static Shape AssetShape(int mask)
    {
        var bySource = (mask & 1) != 0;
        var where = Where(AssetFilters, mask);
        // Within one source, source is no part of the order: ix_assets_source_cap follows it with the rest.
        var order = bySource ? """market_cap DESC NULLS LAST, external_id COLLATE "C" """ : AssetOrder;
        var page = AssetRows($"SELECT source, external_id FROM assets {where} ORDER BY {order} LIMIT @limit OFFSET @offset", order);
        var given = Given(AssetFilters, mask).Select(f => f.Condition).ToArray();
        return new Shape(
            mask is 0 or 1 ? Summed("assets", mask) : Count("assets", AssetFilters, mask, order),
            page,
            AssetRows(AfterCapKeys(given, bySource, order), order),
            AssetRows(AfterNullKeys(given, bySource, order), order));
    }

    /// <summary>The rows of the assets whose keys <paramref name="keys"/> selects (source, external_id), each by primary key, in <paramref name="order"/>.</summary>
    private static string AssetRows(string keys, string order) => $"""
        SELECT {AssetColumns}
        FROM ({keys}) k
        CROSS JOIN LATERAL (SELECT * FROM assets a WHERE a.source = k.source AND a.external_id = k.external_id LIMIT 1) a
        ORDER BY {Qualified("a", order)}
        """;

    private static Shape NewsShape(int mask)
    {
        var bySource = (mask & 1) != 0;
        var where = Where(NewsFilters, mask);
        var order = bySource ? """published_at DESC NULLS LAST, item_key COLLATE "C" """ : NewsOrder;
        var page = $"""
            SELECT {NewsColumns}
            FROM (SELECT source, item_key FROM news_items {where} ORDER BY {order} LIMIT @limit OFFSET @offset) k
            CROSS JOIN LATERAL (SELECT * FROM news_items n WHERE n.source = k.source AND n.item_key = k.item_key LIMIT 1) n
            ORDER BY {Qualified("n", order)}
            """;
        return new Shape(mask is 0 or 1 ? Summed("news_items", mask) : Count("news_items", NewsFilters, mask, order), page);
    }

    /// <summary>
    /// The exact count up to the bound; past it, the planner's estimate of the same query (never below
    /// the bound plus one, which is known), and true. Not for the unfiltered and source-only shapes:
    /// those read <see cref="Summed"/>.
    /// </summary>
    /// <remarks>The count walks the page's own index (its <paramref name="order"/>) and stops at the bound.</remarks>
    private static string Count(string table, Filter[] filters, int mask, string order)
    {
        var where = Where(filters, mask);
        var given = Given(filters, mask).ToArray();
        var quoted = given.Length == 0 ? "" : " WHERE " + string.Join(" AND ", given.Select(f => f.Quoted));
        var arguments = string.Concat(given.Select(f => ", " + f.Parameter));
        return $"""
            SELECT CASE WHEN c.n > {ListCounts.Bound}
                        THEN GREATEST(c.n, kasparro_estimated_rows(format('SELECT 1 FROM {table}{quoted}'{arguments})))
                        ELSE c.n END,
                   c.n > {ListCounts.Bound}
            FROM (SELECT count(*) AS n FROM (SELECT 1 FROM {table} {where} ORDER BY {order} LIMIT {ListCounts.Bound + 1}) b) c
            """;
    }

    /// <summary>
    /// The exact total of a list filtered by nothing or by source alone, from the per-source figures the
    /// triggers of migration 0013 keep in <c>data_summary</c> (<paramref name="column"/>: <c>assets</c> or
    /// <c>news_items</c>): one primary-key row per source, whatever the size of the table; never an estimate.
    /// </summary>
    private static string Summed(string column, int mask) =>
        $"SELECT coalesce(sum({column}), 0)::bigint, false FROM data_summary{(mask == 1 ? " WHERE source = @source" : "")}";

    private static IEnumerable<Filter> Given(Filter[] filters, int mask) => filters.Where((_, i) => (mask & (1 << i)) != 0);

    private static string Where(Filter[] filters, int mask)
    {
        var given = Given(filters, mask).Select(f => f.Condition).ToArray();
        return given.Length == 0 ? "" : "WHERE " + string.Join(" AND ", given);
    }

    /// <summary>The order with each column taken from <paramref name="alias"/> (the outer sort of one page's rows).</summary>
    private static string Qualified(string alias, string order) =>
        string.Join(", ", order.Split(", ").Select(term => $"{alias}.{term.Trim()}"));
}
