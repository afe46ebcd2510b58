using Kasparro.Grains.Interfaces.Assets;
using Kasparro.Grains.Interfaces.Sources;
using Npgsql;
using NpgsqlTypes;

namespace Kasparro.Grains.Storage;

/// <summary>
/// Writes batches the fast way: binary COPY into a temporary staging table, then one set-based
/// statement per target table, all in one transaction. Never row by row.
/// </summary>
public sealed class PostgresIngestionStore(NpgsqlDataSource dataSource) : IIngestionStore
{
    private const string CreateStaging = """
        CREATE TEMP TABLE staging_quotes (
            ord int NOT NULL, external_id text NOT NULL, symbol text NOT NULL, name text NOT NULL,
            current_price numeric, market_cap numeric, volume_24h numeric, price_change_24h numeric,
            last_updated timestamptz NOT NULL
        ) ON COMMIT DROP
        """;

    private const string CopyStaging = """
        COPY staging_quotes (ord, external_id, symbol, name, current_price, market_cap, volume_24h, price_change_24h, last_updated)
        FROM STDIN (FORMAT BINARY)
        """;

    // History: one row per observation; an observation already stored is left as it is.
    private const string InsertHistory = """
        INSERT INTO asset_quotes (source, external_id, observed_at, current_price, market_cap, volume_24h, price_change_24h, run_id)
        SELECT @source, external_id, last_updated, current_price, market_cap, volume_24h, price_change_24h, @run_id
        FROM staging_quotes
        ON CONFLICT (source, external_id, observed_at) DO NOTHING
        """;

    // Latest quote: the newest row of the batch per asset, applied only when it is newer than the
    // stored one, or equally new but different. Re-reading a batch therefore changes nothing.
    private const string UpsertLatest = """
        INSERT INTO assets AS a (source, external_id, symbol, name, current_price, market_cap, volume_24h, price_change_24h, last_updated, run_id)
        SELECT DISTINCT ON (external_id)
               @source, external_id, symbol, name, current_price, market_cap, volume_24h, price_change_24h, last_updated, @run_id
        FROM staging_quotes
        ORDER BY external_id, last_updated DESC, ord DESC
        ON CONFLICT (source, external_id) DO UPDATE SET
            symbol = EXCLUDED.symbol, name = EXCLUDED.name, current_price = EXCLUDED.current_price,
            market_cap = EXCLUDED.market_cap, volume_24h = EXCLUDED.volume_24h,
            price_change_24h = EXCLUDED.price_change_24h, last_updated = EXCLUDED.last_updated,
            run_id = EXCLUDED.run_id, ingested_at = now()
        WHERE a.last_updated < EXCLUDED.last_updated
           OR (a.last_updated = EXCLUDED.last_updated
               AND (a.symbol, a.name, a.current_price, a.market_cap, a.volume_24h, a.price_change_24h)
                   IS DISTINCT FROM
                   (EXCLUDED.symbol, EXCLUDED.name, EXCLUDED.current_price, EXCLUDED.market_cap, EXCLUDED.volume_24h, EXCLUDED.price_change_24h))
        """;

    private const string InsertRejected = """
        INSERT INTO rejected_records (source, run_id, record_hash, raw_payload, reason, detail)
        SELECT @source, @run_id, h, p, r, d FROM unnest(@hashes, @payloads, @reasons, @details) AS t(h, p, r, d)
        ON CONFLICT (source, record_hash) DO NOTHING
        """;

    public async Task WriteBatchAsync(IngestionBatch batch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);

        if (batch.Quotes.Count > 0)
        {
            await ExecuteAsync(connection, CreateStaging, null, cancellationToken);
            await using (var importer = await connection.BeginBinaryImportAsync(CopyStaging, cancellationToken))
            {
                for (var i = 0; i < batch.Quotes.Count; i++)
                {
                    var q = batch.Quotes[i];
                    await importer.StartRowAsync(cancellationToken);
                    await importer.WriteAsync(i, NpgsqlDbType.Integer, cancellationToken);
                    await importer.WriteAsync(q.ExternalId, NpgsqlDbType.Text, cancellationToken);
                    await importer.WriteAsync(q.Symbol, NpgsqlDbType.Text, cancellationToken);
                    await importer.WriteAsync(q.Name, NpgsqlDbType.Text, cancellationToken);
                    await WriteNumericAsync(importer, q.CurrentPrice, cancellationToken);
                    await WriteNumericAsync(importer, q.MarketCap, cancellationToken);
                    await WriteNumericAsync(importer, q.Volume24h, cancellationToken);
                    await WriteNumericAsync(importer, q.PriceChange24h, cancellationToken);
                    await importer.WriteAsync(q.LastUpdated, NpgsqlDbType.TimestampTz, cancellationToken);
                }

                await importer.CompleteAsync(cancellationToken);
            }

            await ExecuteAsync(connection, InsertHistory, batch, cancellationToken);
            await ExecuteAsync(connection, UpsertLatest, batch, cancellationToken);
        }

        if (batch.Rejected.Count > 0)
        {
            await using var command = new NpgsqlCommand(InsertRejected, connection);
            command.Parameters.AddWithValue("source", batch.Source);
            command.Parameters.AddWithValue("run_id", batch.RunId);
            command.Parameters.AddWithValue("hashes", batch.Rejected.Select(r => r.RecordHash).ToArray());
            command.Parameters.AddWithValue("payloads", batch.Rejected.Select(r => r.Payload).ToArray());
            command.Parameters.AddWithValue("reasons", batch.Rejected.Select(r => r.Reason).ToArray());
            command.Parameters.AddWithValue("details", batch.Rejected.Select(r => r.Detail).ToArray());
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    public Task RecordRunAsync(RunInfo run, CancellationToken cancellationToken) =>
        RunLogSql.UpsertAsync(dataSource, run, cancellationToken);

    public Task<RunInfo?> GetRunAsync(Guid runId, CancellationToken cancellationToken) =>
        RunLogSql.GetAsync(dataSource, runId, cancellationToken);

    public async Task<IngestionCounts> CountAsync(string source, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            SELECT (SELECT count(*) FROM assets WHERE source = @s),
                   (SELECT count(*) FROM asset_quotes WHERE source = @s),
                   (SELECT count(*) FROM rejected_records WHERE source = @s)
            """);
        command.Parameters.AddWithValue("s", source);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return new IngestionCounts(reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2));
    }

    public async Task<IReadOnlyList<AssetQuote>> GetAssetsAsync(string source, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            SELECT source, external_id, symbol, name, current_price, market_cap, volume_24h, price_change_24h, last_updated, run_id
            FROM assets WHERE source = @s ORDER BY external_id COLLATE "C"
            """);
        command.Parameters.AddWithValue("s", source);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var quotes = new List<AssetQuote>();
        while (await reader.ReadAsync(cancellationToken))
        {
            quotes.Add(new AssetQuote(
                reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3),
                reader.IsDBNull(4) ? null : reader.GetDecimal(4), reader.IsDBNull(5) ? null : reader.GetDecimal(5),
                reader.IsDBNull(6) ? null : reader.GetDecimal(6), reader.IsDBNull(7) ? null : reader.GetDecimal(7),
                reader.GetDateTime(8), reader.GetGuid(9)));
        }

        return quotes;
    }

    private static async Task WriteNumericAsync(NpgsqlBinaryImporter importer, decimal? value, CancellationToken cancellationToken)
    {
        if (value is { } v)
        {
            await importer.WriteAsync(v, NpgsqlDbType.Numeric, cancellationToken);
        }
        else
        {
            await importer.WriteNullAsync(cancellationToken);
        }
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, IngestionBatch? batch, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        if (batch is not null)
        {
            command.Parameters.AddWithValue("source", batch.Source);
            command.Parameters.AddWithValue("run_id", batch.RunId);
        }

        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
