using System.Text.Json;
using Kasparro.Grains.Mentions;
using Kasparro.Grains.Normalization;
using Npgsql;
using NpgsqlTypes;

namespace Kasparro.Grains.Storage;

/// <summary>
/// The mention links in PostgreSQL (tables of migration 0009): the registry is <c>mention_assets</c>,
/// an item's link number is <c>news_items.mentions_version</c>. Items are linked a chunk per
/// transaction, under an advisory lock; an item rewritten by a feed while its chunk was matched is
/// left alone (its row version, <c>xmin</c>, changed) and linked by the next call.
/// </summary>
public sealed class PostgresMentionStore(NpgsqlDataSource dataSource) : IMentionStore
{
    /// <summary>Advisory lock key: the ASCII bytes of "KASPMENT".</summary>
    public const long AdvisoryLockKey = 0x4B4153504D454E54;

    private const int ChunkSize = 1000;

    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    // Numbers are given under the lock (max + row number), so they are dense and commit in order.
    // With no news item stored there is nothing to link, and registering waits for the first call
    // that has one (it then registers every pair at once): a market-only deployment does not copy
    // every asset into the registry after each run (12 s after a run of 500,000 new assets).
    private const string Register = """
        INSERT INTO mention_assets (seq, symbol, name)
        SELECT top.seq + row_number() OVER (ORDER BY a.symbol COLLATE "C", a.name COLLATE "C"), a.symbol, a.name
        FROM (SELECT DISTINCT symbol, name FROM assets) a
        CROSS JOIN (SELECT coalesce(max(seq), 0) AS seq FROM mention_assets) top
        WHERE EXISTS (SELECT 1 FROM news_items)
          AND NOT EXISTS (SELECT 1 FROM mention_assets m WHERE m.symbol = a.symbol AND m.name = a.name)
        """;

    private const string Pending = """
        SELECT source, item_key, title, summary, symbols, mentions_version, xmin::text
        FROM news_items
        WHERE mentions_version < @top AND (source, item_key) > (@after_source, @after_key)
        ORDER BY source, item_key
        LIMIT @limit
        """;

    private const string Update = """
        UPDATE news_items AS n SET symbols = r.symbols, mentions_version = @top
        FROM jsonb_to_recordset(@rows) AS r(source text, item_key text, symbols text[], row_version text)
        WHERE n.source = r.source AND n.item_key = r.item_key AND n.xmin = r.row_version::xid
        """;

    public async Task<int> LinkAsync(CancellationToken cancellationToken)
    {
        var changed = 0;
        long? top = null;
        List<RegisteredAsset> registry = [];
        var registryFrom = long.MaxValue; // the registry read holds the assets numbered above this
        (string Source, string Key) after = ("", "");
        while (true)
        {
            await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            await using (var lockCommand = new NpgsqlCommand("SELECT pg_advisory_xact_lock(@key)", connection))
            {
                lockCommand.Parameters.AddWithValue("key", AdvisoryLockKey);
                await lockCommand.ExecuteNonQueryAsync(cancellationToken);
            }

            if (top is null)
            {
                await using (var register = new NpgsqlCommand(Register, connection))
                {
                    await register.ExecuteNonQueryAsync(cancellationToken);
                }

                await using var max = new NpgsqlCommand("SELECT coalesce(max(seq), 0) FROM mention_assets", connection);
                top = (long)(await max.ExecuteScalarAsync(cancellationToken))!;
            }

            var chunk = await ReadPendingAsync(connection, top.Value, after, cancellationToken);
            if (chunk.Count == 0)
            {
                await transaction.CommitAsync(cancellationToken);
                return changed;
            }

            var lowest = chunk.Min(c => c.Text.LinkedThrough);
            if (lowest < registryFrom)
            {
                registry = await ReadRegistryAsync(connection, lowest, top.Value, cancellationToken);
                registryFrom = lowest;
            }

            var linked = MentionLinker.Link(chunk.Select(c => c.Text).ToArray(), registry);
            var rows = chunk.Select((c, i) => new LinkRow(c.Source, c.Key, [.. linked[i]], c.RowVersion)).ToArray();
            changed += chunk.Where((c, i) => !c.Text.Symbols.SequenceEqual(linked[i], StringComparer.Ordinal)).Count();

            await using (var update = new NpgsqlCommand(Update, connection))
            {
                update.Parameters.AddWithValue("top", top.Value);
                update.Parameters.Add(new NpgsqlParameter("rows", NpgsqlDbType.Jsonb) { Value = JsonSerializer.Serialize(rows, Json) });
                await update.ExecuteNonQueryAsync(cancellationToken);
            }

            await transaction.CommitAsync(cancellationToken);
            if (chunk.Count < ChunkSize)
            {
                return changed;
            }

            after = (chunk[^1].Source, chunk[^1].Key);
        }
    }

    private static async Task<List<PendingItem>> ReadPendingAsync(
        NpgsqlConnection connection, long top, (string Source, string Key) after, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(Pending, connection);
        command.Parameters.AddWithValue("top", top);
        command.Parameters.AddWithValue("after_source", after.Source);
        command.Parameters.AddWithValue("after_key", after.Key);
        command.Parameters.AddWithValue("limit", ChunkSize);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var items = new List<PendingItem>();
        while (await reader.ReadAsync(cancellationToken))
        {
            items.Add(new PendingItem(
                reader.GetString(0), reader.GetString(1),
                new StoredNewsText(reader.GetString(2), reader.IsDBNull(3) ? null : reader.GetString(3), reader.GetFieldValue<string[]>(4), reader.GetInt64(5)),
                reader.GetString(6)));
        }

        return items;
    }

    private static async Task<List<RegisteredAsset>> ReadRegistryAsync(NpgsqlConnection connection, long from, long top, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("SELECT seq, symbol, name FROM mention_assets WHERE seq > @from AND seq <= @top ORDER BY seq", connection);
        command.Parameters.AddWithValue("from", from);
        command.Parameters.AddWithValue("top", top);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var registry = new List<RegisteredAsset>();
        while (await reader.ReadAsync(cancellationToken))
        {
            registry.Add(new RegisteredAsset(reader.GetInt64(0), new KnownAsset(reader.GetString(1), reader.GetString(2))));
        }

        return registry;
    }

    private sealed record PendingItem(string Source, string Key, StoredNewsText Text, string RowVersion);

    private sealed record LinkRow(string Source, string ItemKey, string[] Symbols, string RowVersion);
}
