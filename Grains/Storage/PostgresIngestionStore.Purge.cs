using Kasparro.Grains.Interfaces.Sources;

namespace Kasparro.Grains.Storage;

/// <content>Deleting a source's data (<c>DELETE /sources/{id}?purge=true</c>).</content>
public sealed partial class PostgresIngestionStore
{
    /// <summary>
    /// One statement, so one transaction: every table's rows of the source go, or none do. News items
    /// carry their mention links (their symbols) in the row; the numbered asset pairs of the mention
    /// linker are shared by every source and stay. The run_summary triggers fire on insert and update
    /// only, so the source's summary row is deleted here too.
    /// </summary>
    private const string Purge = """
        WITH a AS (DELETE FROM assets WHERE source = @source RETURNING 1),
             q AS (DELETE FROM asset_quotes WHERE source = @source RETURNING 1),
             n AS (DELETE FROM news_items WHERE source = @source RETURNING 1),
             r AS (DELETE FROM rejected_records WHERE source = @source RETURNING 1),
             l AS (DELETE FROM run_log WHERE source = @source RETURNING 1),
             s AS (DELETE FROM run_summary WHERE source = @source RETURNING 1)
        SELECT (SELECT count(*) FROM a), (SELECT count(*) FROM q), (SELECT count(*) FROM n),
               (SELECT count(*) FROM r), (SELECT count(*) FROM l), (SELECT count(*) FROM s)
        """;

    /// <summary>
    /// On the batch connections (a source's history may be large: a read-sized timeout could cut it);
    /// retried once on a dead pooled connection, which a delete can afford.
    /// </summary>
    public Task<SourcePurge> PurgeSourceAsync(string source, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(source);
        var connections = batchWrites ?? dataSource;
        return DatabaseDeadline.RunIdempotentAsync(connections, ct => PurgeOnceAsync(connections, source, ct), cancellationToken);
    }

    private static async Task<SourcePurge> PurgeOnceAsync(Npgsql.NpgsqlDataSource connections, string source, CancellationToken cancellationToken)
    {
        await using var command = connections.CreateCommand(Purge);
        command.Parameters.AddWithValue("source", source);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return new SourcePurge(reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3), reader.GetInt64(4), 0);
    }
}
