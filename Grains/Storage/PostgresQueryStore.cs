using Kasparro.Grains.Interfaces.Assets;
using Kasparro.Grains.Interfaces.News;
using Kasparro.Grains.Interfaces.Queries;
using Kasparro.Grains.Interfaces.Sources;
using Npgsql;
using NpgsqlTypes;

namespace Kasparro.Grains.Storage;

/// <summary>
/// The gateway's reads in PostgreSQL. A list is one round trip: its total and its page in one batch.
/// Strings are ordered with COLLATE "C" (byte order), as the in-memory store orders them ordinally.
/// Each combination of filters has its own statement text (<see cref="ListSql"/>), so Npgsql's
/// automatic preparation (<see cref="PostgresConnections.Reads"/>) prepares each once per connection.
/// Every read answers within the data source's command timeout and is retried once on a dead pooled
/// connection (see <see cref="DatabaseDeadline"/>).
/// </summary>
public sealed partial class PostgresQueryStore(NpgsqlDataSource dataSource) : IQueryStore
{
    public async Task<Page<AssetQuote>> QueryAssetsAsync(AssetFilter filter, PageRequest page, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(filter);
        ArgumentNullException.ThrowIfNull(page);
        var shape = ListSql.ForAssets(filter.Source is not null, filter.Symbol is not null, filter.MinPrice is not null, filter.MaxPrice is not null);
        var after = page.AfterAsset;
        return (await PageAsync(
            shape.Count,
            after is null ? shape.Page : after.MarketCap is null ? shape.AfterNull! : shape.AfterCap!,
            p =>
            {
                AddIfGiven(p, Text("source", filter.Source));
                AddIfGiven(p, Text("symbol", filter.Symbol));
                AddIfGiven(p, new NpgsqlParameter<decimal?>("min", NpgsqlDbType.Numeric) { TypedValue = filter.MinPrice });
                AddIfGiven(p, new NpgsqlParameter<decimal?>("max", NpgsqlDbType.Numeric) { TypedValue = filter.MaxPrice });
            },
            ReadAsset, page, cancellationToken, keyset: after is null ? null : p => AddKey(p, after, filter.Source is not null)))!;
    }

    public async Task<Page<AssetQuote>?> QueryQuoteHistoryAsync(QuoteHistoryQuery query, PageRequest page, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        // One asset's history (the primary key's prefix): counted exactly, in its own index range.
        var where = "WHERE q.source = @source AND q.external_id = @id"
            + (query.From is null ? "" : " AND q.observed_at >= @from") + (query.To is null ? "" : " AND q.observed_at <= @to");
        return await PageAsync(
            $"SELECT count(*), false FROM asset_quotes q {where}",
            $"""
            SELECT q.source, q.external_id, a.symbol, a.name, q.current_price, q.market_cap, q.volume_24h, q.price_change_24h,
                   q.observed_at, q.run_id
            FROM asset_quotes q JOIN assets a ON a.source = q.source AND a.external_id = q.external_id
            {where}
            ORDER BY q.observed_at DESC
            LIMIT @limit OFFSET @offset
            """,
            p =>
            {
                p.AddWithValue("source", query.Source);
                p.AddWithValue("id", query.ExternalId);
                AddIfGiven(p, new NpgsqlParameter<DateTime?>("from", NpgsqlDbType.TimestampTz) { TypedValue = query.From });
                AddIfGiven(p, new NpgsqlParameter<DateTime?>("to", NpgsqlDbType.TimestampTz) { TypedValue = query.To });
            },
            ReadAsset, page, cancellationToken,
            exists: "SELECT EXISTS (SELECT 1 FROM assets WHERE source = @source AND external_id = @id)");
    }

    public async Task<Page<NewsItem>> QueryNewsAsync(NewsFilter filter, PageRequest page, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var shape = ListSql.ForNews(filter.Source is not null, filter.Symbol is not null);
        return (await PageAsync(
            shape.Count,
            shape.Page,
            p =>
            {
                AddIfGiven(p, Text("source", filter.Source));
                AddIfGiven(p, Text("symbol", filter.Symbol));
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
        var status = filter.Status is { } s ? RunStatusNames.Name(s) : null;
        // The total from the run summary (kept by the 0006 triggers), exact and one row per source.
        var column = status switch
        {
            null => "total_runs",
            "running" => "running_runs",
            "success" => "successful_runs",
            "cancelled" => "cancelled_runs",
            _ => "failed_runs",
        };
        return (await PageAsync(
            $"SELECT coalesce(sum({column}), 0)::bigint, false FROM run_summary {(filter.Source is null ? "" : "WHERE source = @source")}",
            ListSql.ForRuns(filter.Source is not null, status is not null),
            p =>
            {
                AddIfGiven(p, Text("source", filter.Source));
                AddIfGiven(p, Text("status", status));
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
        PageRequest page, CancellationToken cancellationToken, string? exists = null, Action<NpgsqlParameterCollection>? keyset = null)
    {
        ArgumentNullException.ThrowIfNull(page);
        return DatabaseDeadline.RunIdempotentAsync(
            dataSource, ct => ReadPageAsync(count, select, parameters, read, page, exists, keyset, ct), cancellationToken);
    }

    private async Task<Page<T>?> ReadPageAsync<T>(
        string count, string select, Action<NpgsqlParameterCollection> parameters, Func<NpgsqlDataReader, T> read,
        PageRequest page, string? exists, Action<NpgsqlParameterCollection>? keyset, CancellationToken cancellationToken)
    {
        await using var batch = dataSource.CreateBatch();
        if (exists is not null)
        {
            batch.BatchCommands.Add(Command(exists, parameters, null));
        }

        batch.BatchCommands.Add(Command(count, parameters, null));
        batch.BatchCommands.Add(Command(select, parameters, page, keyset));
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
        var estimated = reader.GetBoolean(1);
        await reader.NextResultAsync(cancellationToken);
        var items = new List<T>(page.Size);
        while (await reader.ReadAsync(cancellationToken))
        {
            items.Add(read(reader));
        }

        return new Page<T>(items, total, page) { TotalEstimated = estimated };
    }

    /// <summary>
    /// One statement of a list's batch with its filters' parameters; a page's also with its size and either its
    /// offset or, for a keyset page, the key's parameters (<paramref name="keyset"/>): each statement names exactly
    /// the parameters it is given (Npgsql sends an unmatched <c>@name</c> to PostgreSQL as written).
    /// </summary>
    private static NpgsqlBatchCommand Command(
        string sql, Action<NpgsqlParameterCollection> parameters, PageRequest? page, Action<NpgsqlParameterCollection>? keyset = null)
    {
        var command = new NpgsqlBatchCommand(sql);
        parameters(command.Parameters);
        if (page is not null)
        {
            command.Parameters.AddWithValue("limit", page.Size);
            if (keyset is null)
            {
                command.Parameters.AddWithValue("offset", page.Offset);
            }
            else
            {
                keyset(command.Parameters);
            }
        }

        return command;
    }

    /// <summary>A keyset page's key (see ListSql.Keyset): the cap when it has one, the source unless the list is of one source.</summary>
    private static void AddKey(NpgsqlParameterCollection parameters, AssetKey key, bool bySource)
    {
        AddIfGiven(parameters, new NpgsqlParameter<decimal?>("cap", NpgsqlDbType.Numeric) { TypedValue = key.MarketCap });
        if (!bySource)
        {
            parameters.Add(Text("after_source", key.Source));
        }

        parameters.Add(Text("after_id", key.ExternalId));
    }

    /// <summary>Adds a filter's parameter when the filter is given (its statement names it only then).</summary>
    private static void AddIfGiven<TValue>(NpgsqlParameterCollection parameters, NpgsqlParameter<TValue> parameter)
    {
        if (parameter.TypedValue is not null)
        {
            parameters.Add(parameter);
        }
    }

    private static NpgsqlParameter<string?> Text(string name, string? value) => new(name, NpgsqlDbType.Text) { TypedValue = value };

    private static DateTime? NullableTime(NpgsqlDataReader r, int i) => r.IsDBNull(i) ? null : r.GetDateTime(i);

    private static AssetQuote ReadAsset(NpgsqlDataReader r) => new(
        r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3),
        r.IsDBNull(4) ? null : r.GetDecimal(4), r.IsDBNull(5) ? null : r.GetDecimal(5),
        r.IsDBNull(6) ? null : r.GetDecimal(6), r.IsDBNull(7) ? null : r.GetDecimal(7),
        r.GetDateTime(8), r.GetGuid(9));
}
