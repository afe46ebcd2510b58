using Kasparro.Grains.Interfaces.Assets;
using Kasparro.Grains.Interfaces.News;
using Kasparro.Grains.Interfaces.Queries;
using Kasparro.Grains.Interfaces.Sources;
using Npgsql;
using NpgsqlTypes;

namespace Kasparro.Grains.Storage;

/// <summary>
/// The gateway's reads in PostgreSQL. A list is one round trip: its count and its page in one batch.
/// Strings are ordered with COLLATE "C" (byte order), as the in-memory store orders them ordinally.
/// Optional filters are written as <c>(@p IS NULL OR ...)</c>: unprepared statements are planned
/// with their actual values, so an absent filter costs nothing. Every read answers within the data
/// source's command timeout and is retried once on a dead pooled connection (see <see cref="DatabaseDeadline"/>).
/// </summary>
public sealed partial class PostgresQueryStore(NpgsqlDataSource dataSource) : IQueryStore
{
    private const string AssetColumns =
        "source, external_id, symbol, name, current_price, market_cap, volume_24h, price_change_24h, last_updated, run_id";

    private const string AssetWhere = """
        WHERE (@source IS NULL OR source = @source) AND (@symbol IS NULL OR symbol = @symbol)
          AND (@min IS NULL OR current_price >= @min) AND (@max IS NULL OR current_price <= @max)
        """;

    private const string NewsWhere = """
        WHERE (@source IS NULL OR source = @source) AND (@symbol IS NULL OR symbols @> ARRAY[@symbol]::text[])
        """;

    public async Task<Page<AssetQuote>> QueryAssetsAsync(AssetFilter filter, PageRequest page, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(filter);
        return (await PageAsync(
            $"SELECT count(*) FROM assets {AssetWhere}",
            $"""
            SELECT {AssetColumns} FROM assets {AssetWhere}
            ORDER BY market_cap DESC NULLS LAST, source COLLATE "C", external_id COLLATE "C"
            LIMIT @limit OFFSET @offset
            """,
            p =>
            {
                p.Add(Text("source", filter.Source));
                p.Add(Text("symbol", filter.Symbol));
                p.Add(new NpgsqlParameter<decimal?>("min", NpgsqlDbType.Numeric) { TypedValue = filter.MinPrice });
                p.Add(new NpgsqlParameter<decimal?>("max", NpgsqlDbType.Numeric) { TypedValue = filter.MaxPrice });
            },
            ReadAsset, page, cancellationToken))!;
    }

    public async Task<Page<AssetQuote>?> QueryQuoteHistoryAsync(QuoteHistoryQuery query, PageRequest page, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        const string Where = """
            WHERE q.source = @source AND q.external_id = @id
              AND (@from IS NULL OR q.observed_at >= @from) AND (@to IS NULL OR q.observed_at <= @to)
            """;
        return await PageAsync(
            $"SELECT count(*) FROM asset_quotes q {Where}",
            $"""
            SELECT q.source, q.external_id, a.symbol, a.name, q.current_price, q.market_cap, q.volume_24h, q.price_change_24h,
                   q.observed_at, q.run_id
            FROM asset_quotes q JOIN assets a ON a.source = q.source AND a.external_id = q.external_id
            {Where}
            ORDER BY q.observed_at DESC
            LIMIT @limit OFFSET @offset
            """,
            p =>
            {
                p.AddWithValue("source", query.Source);
                p.AddWithValue("id", query.ExternalId);
                p.Add(new NpgsqlParameter<DateTime?>("from", NpgsqlDbType.TimestampTz) { TypedValue = query.From });
                p.Add(new NpgsqlParameter<DateTime?>("to", NpgsqlDbType.TimestampTz) { TypedValue = query.To });
            },
            ReadAsset, page, cancellationToken,
            exists: "SELECT EXISTS (SELECT 1 FROM assets WHERE source = @source AND external_id = @id)");
    }

    public async Task<Page<NewsItem>> QueryNewsAsync(NewsFilter filter, PageRequest page, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(filter);
        return (await PageAsync(
            $"SELECT count(*) FROM news_items {NewsWhere}",
            $"""
            SELECT source, item_key, title, link, published_at, summary, authors, categories, symbols, run_id
            FROM news_items {NewsWhere}
            ORDER BY published_at DESC NULLS LAST, source COLLATE "C", item_key COLLATE "C"
            LIMIT @limit OFFSET @offset
            """,
            p =>
            {
                p.Add(Text("source", filter.Source));
                p.Add(Text("symbol", filter.Symbol));
            },
            r => new NewsItem(
                r.GetString(0), r.GetString(1), r.GetString(2), r.IsDBNull(3) ? null : r.GetString(3),
                r.IsDBNull(4) ? null : r.GetDateTime(4), r.IsDBNull(5) ? null : r.GetString(5),
                r.GetFieldValue<string[]>(6), r.GetFieldValue<string[]>(7), r.GetFieldValue<string[]>(8), r.GetGuid(9)),
            page, cancellationToken))!;
    }

    public async Task<Page<RunInfo>> QueryRunsAsync(RunFilter filter, PageRequest page, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(filter);
        const string Where = "WHERE (@source IS NULL OR source = @source) AND (@status IS NULL OR status = @status)";
        return (await PageAsync(
            """
            SELECT coalesce(sum(CASE WHEN @status IS NULL THEN total_runs WHEN @status = 'running' THEN running_runs
                                     WHEN @status = 'success' THEN successful_runs WHEN @status = 'cancelled' THEN cancelled_runs
                                     ELSE failed_runs END), 0)::bigint
            FROM run_summary WHERE @source IS NULL OR source = @source
            """,
            $"SELECT {RunLogSql.Columns} FROM run_log {Where} ORDER BY started_at DESC, run_id DESC LIMIT @limit OFFSET @offset",
            p =>
            {
                p.Add(Text("source", filter.Source));
                p.Add(Text("status", filter.Status is { } s ? RunStatusNames.Name(s) : null));
            },
            RunLogSql.Read, page, cancellationToken))!;
    }

    public Task<IReadOnlyList<RunSummary>> GetRunSummariesAsync(CancellationToken cancellationToken) =>
        DatabaseDeadline.RunIdempotentAsync(dataSource, ReadRunSummariesAsync, cancellationToken);

    public Task<IReadOnlyList<DataSummary>> GetDataSummariesAsync(CancellationToken cancellationToken) =>
        DatabaseDeadline.RunIdempotentAsync(dataSource, ReadDataSummariesAsync, cancellationToken);

    private async Task<IReadOnlyList<RunSummary>> ReadRunSummariesAsync(CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(RunSummariesSql);
        await using var r = await command.ExecuteReaderAsync(cancellationToken);
        return await ReadAllAsync(r, ReadRunSummary, cancellationToken);
    }

    private async Task<IReadOnlyList<DataSummary>> ReadDataSummariesAsync(CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(DataSummariesSql);
        await using var r = await command.ExecuteReaderAsync(cancellationToken);
        return await ReadAllAsync(r, ReadDataSummary, cancellationToken);
    }

    /// <summary>Count and page in one round trip (and, for <paramref name="exists"/>, null when it is false).</summary>
    private Task<Page<T>?> PageAsync<T>(
        string count, string select, Action<NpgsqlParameterCollection> parameters, Func<NpgsqlDataReader, T> read,
        PageRequest page, CancellationToken cancellationToken, string? exists = null)
    {
        ArgumentNullException.ThrowIfNull(page);
        return DatabaseDeadline.RunIdempotentAsync(
            dataSource, ct => ReadPageAsync(count, select, parameters, read, page, exists, ct), cancellationToken);
    }

    private async Task<Page<T>?> ReadPageAsync<T>(
        string count, string select, Action<NpgsqlParameterCollection> parameters, Func<NpgsqlDataReader, T> read,
        PageRequest page, string? exists, CancellationToken cancellationToken)
    {
        await using var batch = dataSource.CreateBatch();
        if (exists is not null)
        {
            batch.BatchCommands.Add(Command(exists, parameters, null));
        }

        batch.BatchCommands.Add(Command(count, parameters, null));
        batch.BatchCommands.Add(Command(select, parameters, page));
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        if (exists is not null)
        {
            await reader.ReadAsync(cancellationToken);
            if (!reader.GetBoolean(0))
            {
                return null;
            }

            await reader.NextResultAsync(cancellationToken);
        }

        await reader.ReadAsync(cancellationToken);
        var total = reader.GetInt64(0);
        await reader.NextResultAsync(cancellationToken);
        var items = new List<T>(page.Size);
        while (await reader.ReadAsync(cancellationToken))
        {
            items.Add(read(reader));
        }

        return new Page<T>(items, total, page);
    }

    private static NpgsqlBatchCommand Command(string sql, Action<NpgsqlParameterCollection> parameters, PageRequest? page)
    {
        var command = new NpgsqlBatchCommand(sql);
        parameters(command.Parameters);
        if (page is not null)
        {
            command.Parameters.AddWithValue("limit", page.Size);
            command.Parameters.AddWithValue("offset", page.Offset);
        }

        return command;
    }

    private static NpgsqlParameter<string?> Text(string name, string? value) => new(name, NpgsqlDbType.Text) { TypedValue = value };

    private static DateTime? NullableTime(NpgsqlDataReader r, int i) => r.IsDBNull(i) ? null : r.GetDateTime(i);

    private static AssetQuote ReadAsset(NpgsqlDataReader r) => new(
        r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3),
        r.IsDBNull(4) ? null : r.GetDecimal(4), r.IsDBNull(5) ? null : r.GetDecimal(5),
        r.IsDBNull(6) ? null : r.GetDecimal(6), r.IsDBNull(7) ? null : r.GetDecimal(7),
        r.GetDateTime(8), r.GetGuid(9));
}
