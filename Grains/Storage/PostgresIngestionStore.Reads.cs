using Kasparro.Grains.Interfaces.Assets;
using Kasparro.Grains.Interfaces.Sources;

namespace Kasparro.Grains.Storage;

/// <content>
/// The run log (through <see cref="RunLogSql"/>) and the reads the ingestion side needs: counts,
/// stored assets, known symbols. Each read answers within the command timeout and is retried once
/// on a dead pooled connection (see <see cref="DatabaseDeadline"/>).
/// </content>
public sealed partial class PostgresIngestionStore
{
    public Task RecordRunAsync(RunInfo run, CancellationToken cancellationToken) =>
        RunLogSql.UpsertAsync(dataSource, run, cancellationToken);

    public Task<IReadOnlyList<RunInfo>> GetRecentRunsAsync(string source, RunStatus? status, int limit, CancellationToken cancellationToken) =>
        RunLogSql.GetRecentAsync(dataSource, source, status, limit, cancellationToken);

    public Task<RunInfo?> GetRunAsync(Guid runId, CancellationToken cancellationToken) =>
        RunLogSql.GetAsync(dataSource, runId, cancellationToken);

    public Task<IngestionCounts> CountAsync(string source, CancellationToken cancellationToken) =>
        DatabaseDeadline.RunIdempotentAsync(dataSource, ct => ReadCountsAsync(source, ct), cancellationToken);

    public Task<IReadOnlyList<Normalization.KnownAsset>> GetKnownAssetsAsync(CancellationToken cancellationToken) =>
        DatabaseDeadline.RunIdempotentAsync(dataSource, ReadKnownAssetsAsync, cancellationToken);

    public Task<IReadOnlyList<AssetQuote>> GetAssetsAsync(string source, CancellationToken cancellationToken) =>
        DatabaseDeadline.RunIdempotentAsync(dataSource, ct => ReadAssetsAsync(source, ct), cancellationToken);

    private async Task<IngestionCounts> ReadCountsAsync(string source, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            SELECT (SELECT count(*) FROM assets WHERE source = @s),
                   (SELECT count(*) FROM asset_quotes WHERE source = @s),
                   (SELECT count(*) FROM rejected_records WHERE source = @s),
                   (SELECT count(*) FROM news_items WHERE source = @s)
            """);
        command.Parameters.AddWithValue("s", source);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return new IngestionCounts(reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3));
    }

    private async Task<IReadOnlyList<Normalization.KnownAsset>> ReadKnownAssetsAsync(CancellationToken cancellationToken)
    {
        // Every name a symbol is stored under: the mention linker registers each pair, and matching
        // against all of them here links an item at once as the linker would.
        await using var command = dataSource.CreateCommand("SELECT DISTINCT symbol, name FROM assets");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var known = new List<Normalization.KnownAsset>();
        while (await reader.ReadAsync(cancellationToken))
        {
            known.Add(new Normalization.KnownAsset(reader.GetString(0), reader.GetString(1)));
        }

        return known;
    }

    private async Task<IReadOnlyList<AssetQuote>> ReadAssetsAsync(string source, CancellationToken cancellationToken)
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
}
