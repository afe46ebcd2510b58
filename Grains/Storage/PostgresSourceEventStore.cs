using Kasparro.Grains.Interfaces.Control;
using Kasparro.Grains.Interfaces.Queries;
using Microsoft.Extensions.Logging;
using Npgsql;
using NpgsqlTypes;

namespace Kasparro.Grains.Storage;

/// <summary>
/// The audit trail in PostgreSQL (<c>source_events</c>). An append is one statement over arrays
/// (<c>unnest</c>) that ignores events already stored, so it may run twice: it is retried once on a
/// dead pooled connection, and reads too, each within the command timeout (see <see cref="DatabaseDeadline"/>).
/// Should the database refuse an append for its data all the same, each event is written alone and
/// one refused again is stored as a placeholder (its identity, without its text), so the registry's
/// outbox always drains. Driver exceptions leave the silo translated (DatabaseFailureFilter).
/// </summary>
public sealed class PostgresSourceEventStore(NpgsqlDataSource dataSource, ILogger<PostgresSourceEventStore> logger) : ISourceEventStore
{
    private const string Insert = """
        INSERT INTO source_events (event_id, source, at, kind, changed_by, version, changes, detail)
        SELECT * FROM unnest(@ids, @sources, @ats, @kinds, @bys, @versions, @changes, @details)
        ON CONFLICT (event_id) DO NOTHING
        """;

    private const string Where = "WHERE source = @source AND (@kind::text IS NULL OR kind = @kind)";

    public async Task AppendAsync(IReadOnlyList<SourceEvent> events, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(events);
        if (events.Count == 0)
        {
            return;
        }

        // In one order whoever appends: two appends of the same events (a retry beside a late first try,
        // or two activations of the registry for a moment) then take their row locks in the same order
        // and one waits for the other, instead of each holding what the other needs (a deadlock).
        var stored = events.OrderBy(e => e.EventId).Select(StorableSourceEvent.From).ToArray();
        try
        {
            await DatabaseDeadline.RunIdempotentAsync(dataSource, ct => InsertAsync(stored, ct), cancellationToken);
        }
        catch (Exception ex) when (StorageErrors.IsDataRefusal(ex))
        {
            logger.AppendRefused(stored.Length, StorageErrors.Describe(ex));
            foreach (var e in stored)
            {
                await AppendOneAsync(e, cancellationToken);
            }
        }
    }

    public Task<Page<SourceEvent>> PageAsync(string source, string? kind, PageRequest page, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(page);
        return DatabaseDeadline.RunIdempotentAsync(dataSource, ct => ReadAsync(StorableSourceEvent.Source(source), kind, page, ct), cancellationToken);
    }

    private async Task AppendOneAsync(SourceEvent e, CancellationToken cancellationToken)
    {
        try
        {
            await DatabaseDeadline.RunIdempotentAsync(dataSource, ct => InsertAsync([e], ct), cancellationToken);
        }
        catch (Exception ex) when (StorageErrors.IsDataRefusal(ex))
        {
            var reason = StorageErrors.Describe(ex);
            logger.StoredAsPlaceholder(e.EventId, e.Source, reason);
            var placeholder = StorableSourceEvent.Placeholder(e, reason);
            await DatabaseDeadline.RunIdempotentAsync(dataSource, ct => InsertAsync([placeholder], ct), cancellationToken);
        }
    }

    private async Task InsertAsync(IReadOnlyList<SourceEvent> events, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(Insert);
        var p = command.Parameters;
        p.AddWithValue("ids", NpgsqlDbType.Array | NpgsqlDbType.Uuid, events.Select(e => e.EventId).ToArray());
        p.AddWithValue("sources", NpgsqlDbType.Array | NpgsqlDbType.Text, events.Select(e => e.Source).ToArray());
        p.AddWithValue("ats", NpgsqlDbType.Array | NpgsqlDbType.TimestampTz, events.Select(e => e.At).ToArray());
        p.AddWithValue("kinds", NpgsqlDbType.Array | NpgsqlDbType.Text, events.Select(e => e.Kind).ToArray());
        p.AddWithValue("bys", NpgsqlDbType.Array | NpgsqlDbType.Text, events.Select(e => e.By).ToArray());
        p.AddWithValue("versions", NpgsqlDbType.Array | NpgsqlDbType.Bigint, events.Select(e => e.Version).ToArray());
        p.AddWithValue("changes", NpgsqlDbType.Array | NpgsqlDbType.Jsonb, events.Select(e => SettingChangesJson.Write(e.Changes)).ToArray());
        p.AddWithValue("details", NpgsqlDbType.Array | NpgsqlDbType.Text, events.Select(e => e.Detail).ToArray());
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Count and page in one round trip.</summary>
    private async Task<Page<SourceEvent>> ReadAsync(string source, string? kind, PageRequest page, CancellationToken cancellationToken)
    {
        await using var batch = dataSource.CreateBatch();
        batch.BatchCommands.Add(Command($"SELECT count(*) FROM source_events {Where}", source, kind));
        var select = Command(
            $"""
            SELECT event_id, source, at, kind, changed_by, version, changes::text, detail FROM source_events {Where}
            ORDER BY at DESC, event_id DESC LIMIT @limit OFFSET @offset
            """, source, kind);
        select.Parameters.AddWithValue("limit", page.Size);
        select.Parameters.AddWithValue("offset", page.Offset);
        batch.BatchCommands.Add(select);

        await using var r = await batch.ExecuteReaderAsync(cancellationToken);
        await r.ReadAsync(cancellationToken);
        var total = r.GetInt64(0);
        await r.NextResultAsync(cancellationToken);
        var events = new List<SourceEvent>(page.Size);
        while (await r.ReadAsync(cancellationToken))
        {
            events.Add(new SourceEvent(
                r.GetGuid(0), r.GetString(1), DateTime.SpecifyKind(r.GetDateTime(2), DateTimeKind.Utc), r.GetString(3), r.GetString(4),
                r.IsDBNull(5) ? null : r.GetInt64(5), SettingChangesJson.Read(r.GetString(6)), r.GetString(7)));
        }

        return new Page<SourceEvent>(events, total, page);
    }

    private static NpgsqlBatchCommand Command(string sql, string source, string? kind)
    {
        var command = new NpgsqlBatchCommand(sql);
        command.Parameters.AddWithValue("source", NpgsqlDbType.Text, source);
        command.Parameters.Add(new NpgsqlParameter<string?>("kind", NpgsqlDbType.Text) { TypedValue = kind });
        return command;
    }
}
