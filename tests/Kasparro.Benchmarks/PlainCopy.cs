using System.Diagnostics;
using Npgsql;

namespace Kasparro.Benchmarks;

/// <summary>
/// The yardstick: the same file loaded with plain COPY ... FORMAT csv into a bare table of the same
/// columns: no key, no index, no trigger (what `\copy` into a new table costs; the strictest reference).
/// </summary>
internal static class PlainCopy
{
    public static async Task<TimeSpan> LoadAsync(string connectionString, string csvPath)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using (var create = new NpgsqlCommand("""
            CREATE TABLE copy_quotes (
                external_id varchar(256) NOT NULL, symbol varchar(64) NOT NULL, name varchar(512) NOT NULL,
                current_price numeric, market_cap numeric, volume_24h numeric, price_change_24h numeric,
                observed_at timestamptz NOT NULL)
            """, connection))
        {
            await create.ExecuteNonQueryAsync();
        }

        var watch = Stopwatch.StartNew();
        await using (var copy = await connection.BeginTextImportAsync(
            "COPY copy_quotes (external_id, symbol, name, current_price, market_cap, volume_24h, price_change_24h, observed_at) FROM STDIN (FORMAT csv, HEADER true)"))
        using (var file = File.OpenText(csvPath))
        {
            var buffer = new char[1 << 16];
            int read;
            while ((read = await file.ReadAsync(buffer)) > 0)
            {
                await copy.WriteAsync(buffer.AsMemory(0, read));
            }
        }

        return watch.Elapsed;
    }
}
