using Kasparro.Grains.Interfaces.Assets;
using Npgsql;
using NpgsqlTypes;

namespace Kasparro.Grains.Storage;

/// <summary>
/// Writes batches the fast way: binary COPY into a temporary staging table, then one set-based
/// statement per target table, all in one transaction. Never row by row. Rows the database refuses
/// are found and rejected instead of failing the batch (see the Refusals part).
/// </summary>
/// <param name="dataSource">Reads and the run log: statements bounded by its (short) command timeout.</param>
/// <param name="batchWrites">
/// The batch transactions: a COPY of a whole batch must not be cut by a read-sized timeout, so they
/// run on connections whose statements may take longer (<c>Kasparro:Storage:WriteTimeout</c>);
/// <paramref name="dataSource"/> when not given.
/// </param>
public sealed partial class PostgresIngestionStore(NpgsqlDataSource dataSource, NpgsqlDataSource? batchWrites = null) : IIngestionStore
{
    // History goes straight in with COPY: new observations are the common case, and COPY is the
    // fastest way PostgreSQL has to insert rows. When some are already stored (a batch read again
    // after a failure, or a row twice in one batch), the COPY fails at its savepoint and the batch
    // takes the insert-if-absent path through a staging table instead.
    private const string CopyHistory = """
        COPY asset_quotes (source, external_id, observed_at, current_price, market_cap, volume_24h, price_change_24h, run_id)
        FROM STDIN (FORMAT BINARY)
        """;

    private const string CreateStaging = """
        CREATE TEMP TABLE IF NOT EXISTS staging_quotes (
            source text NOT NULL, external_id text NOT NULL, observed_at timestamptz NOT NULL,
            current_price numeric, market_cap numeric, volume_24h numeric, price_change_24h numeric, run_id uuid NOT NULL,
            symbol text NOT NULL, name text NOT NULL
        ) ON COMMIT DELETE ROWS
        """;

    private const string CopyStaging = """
        COPY staging_quotes (source, external_id, observed_at, current_price, market_cap, volume_24h, price_change_24h, run_id, symbol, name)
        FROM STDIN (FORMAT BINARY)
        """;

    private const string InsertHistoryIfAbsent = """
        INSERT INTO asset_quotes (source, external_id, observed_at, current_price, market_cap, volume_24h, price_change_24h, run_id)
        SELECT source, external_id, observed_at, current_price, market_cap, volume_24h, price_change_24h, run_id
        FROM staging_quotes
        ORDER BY external_id, observed_at -- the same order in every transaction: waits, never deadlocks
        ON CONFLICT (source, external_id, observed_at) DO NOTHING
        """;

    // Latest quote: the staging table holds the newest quote of each asset in the batch (chosen
    // client side); it replaces the stored one only when newer, or equally new but different.
    // Re-reading a batch therefore changes nothing.
    private const string UpsertLatest = """
        INSERT INTO assets AS a (source, external_id, symbol, name, current_price, market_cap, volume_24h, price_change_24h, last_updated, run_id)
        SELECT source, external_id, symbol, name, current_price, market_cap, volume_24h, price_change_24h, observed_at, run_id
        FROM staging_quotes
        ORDER BY external_id
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
        INSERT INTO rejected_records (source, run_id, record_hash, raw_payload, reason, detail, payload_length)
        SELECT @source, @run_id, h, p, r, d, l FROM unnest(@hashes, @payloads, @reasons, @details, @lengths) AS t(h, p, r, d, l)
        ON CONFLICT (source, record_hash) DO NOTHING
        """;

    /// <summary>
    /// One transaction for the whole batch: it all lands, or none of it does. When the pooled
    /// connection turns out dead (the server restarted since) before COMMIT was sent, nothing can
    /// have committed: the pool's idle connections are dropped and the batch is written once more.
    /// A connection that dies during the COMMIT leaves the outcome unknown: that failure stands.
    /// </summary>
    private async Task WriteOnceAsync(IngestionBatch batch, CancellationToken cancellationToken)
    {
        var committing = false;
        try
        {
            await WriteTransactionAsync(batch, () => committing = true, cancellationToken);
        }
        catch (Exception ex) when (!committing && DatabaseDeadline.IsDeadConnection(ex))
        {
            (batchWrites ?? dataSource).Clear();
            await WriteTransactionAsync(batch, static () => { }, cancellationToken);
        }
    }

    private async Task WriteTransactionAsync(IngestionBatch batch, Action committing, CancellationToken cancellationToken)
    {
        await using var connection = await (batchWrites ?? dataSource).OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);

        if (batch.Quotes.Count > 0)
        {
            var (inKeyOrder, latest) = Arrange(batch.Quotes);
            await ExecuteAsync(connection, CreateStaging, cancellationToken);
            await WriteHistoryAsync(connection, transaction, batch.Quotes, inKeyOrder, cancellationToken);
            await CopyAsync(connection, CopyStaging, latest, withNames: true, cancellationToken);
            await ExecuteAsync(connection, UpsertLatest, cancellationToken);
        }

        if (batch.News.Count > 0)
        {
            await PostgresNewsWriter.WriteAsync(connection, batch, cancellationToken);
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
            command.Parameters.AddWithValue("lengths", batch.Rejected.Select(r => r.PayloadLength).ToArray());
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        committing();
        await transaction.CommitAsync(cancellationToken);
    }

    private static async Task WriteHistoryAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<AssetQuote> quotes, AssetQuote[] inKeyOrder,
        CancellationToken cancellationToken)
    {
        await transaction.SaveAsync("history", cancellationToken);
        try
        {
            await CopyAsync(connection, CopyHistory, inKeyOrder, withNames: false, cancellationToken);
            await transaction.ReleaseAsync("history", cancellationToken);
        }
        catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            await transaction.RollbackAsync("history", cancellationToken);
            await CopyAsync(connection, CopyStaging, quotes, withNames: true, cancellationToken);
            await ExecuteAsync(connection, InsertHistoryIfAbsent, cancellationToken);
            await ExecuteAsync(connection, "TRUNCATE staging_quotes", cancellationToken);
        }
    }

    private static async Task CopyAsync(
        NpgsqlConnection connection, string copy, IReadOnlyList<AssetQuote> quotes, bool withNames, CancellationToken cancellationToken)
    {
        await using var importer = await connection.BeginBinaryImportAsync(copy, cancellationToken);

        // Encoding rows is CPU work measured in hundreds of milliseconds per batch: the synchronous
        // writes cost far less than an await per field, and a thread of their own keeps the
        // blocking flushes off the thread pool the silo's grains run on.
        await Task.Factory.StartNew(
            () => WriteRows(importer, quotes, withNames, cancellationToken),
            cancellationToken, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        await importer.CompleteAsync(cancellationToken);
    }

    private static void WriteRows(NpgsqlBinaryImporter importer, IReadOnlyList<AssetQuote> quotes, bool withNames, CancellationToken cancellationToken)
    {
        foreach (var q in quotes)
        {
            cancellationToken.ThrowIfCancellationRequested();
            importer.StartRow();
            importer.Write(q.Source, NpgsqlDbType.Text);
            importer.Write(q.ExternalId, NpgsqlDbType.Text);
            importer.Write(q.LastUpdated, NpgsqlDbType.TimestampTz);
            WriteNumeric(importer, q.CurrentPrice);
            WriteNumeric(importer, q.MarketCap);
            WriteNumeric(importer, q.Volume24h);
            WriteNumeric(importer, q.PriceChange24h);
            importer.Write(q.RunId, NpgsqlDbType.Uuid);
            if (withNames)
            {
                importer.Write(q.Symbol, NpgsqlDbType.Text);
                importer.Write(q.Name, NpgsqlDbType.Text);
            }
        }
    }

    private static void WriteNumeric(NpgsqlBinaryImporter importer, decimal? value)
    {
        if (value is { } v)
        {
            importer.Write(v, NpgsqlDbType.Numeric);
        }
        else
        {
            importer.WriteNull();
        }
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
