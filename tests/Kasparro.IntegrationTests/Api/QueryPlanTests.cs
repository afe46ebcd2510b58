using System.Globalization;
using System.Text.Json;
using Kasparro.Grains.Configuration;
using Kasparro.Grains.Storage;
using Kasparro.IntegrationTests.Infrastructure;
using Npgsql;
using NpgsqlTypes;

namespace Kasparro.IntegrationTests.Api;

/// <summary>
/// Every statement the lists issue (each combination of filters, first and deep pages, the totals)
/// walks an index of migration 0014 on 5,000 assets, 20,000 news items and 20,000 runs: EXPLAIN shows
/// no sequential scan of a listed table and no sort of more rows than a list counts exactly. Checked
/// in the reads' own session settings (PostgresConnections.Reads: custom plans, each for its values),
/// with the visibility map fresh and stale (every asset just updated).
/// </summary>
public sealed class QueryPlanTests : IAsyncLifetime
{
    private const int MaxSorted = ListCounts.Bound;

    private static readonly Dictionary<string, (NpgsqlDbType Type, object Value)> Values = new(StringComparer.Ordinal)
    {
        ["source"] = (NpgsqlDbType.Text, "bench"),
        ["symbol"] = (NpgsqlDbType.Text, "B42"),
        ["min"] = (NpgsqlDbType.Numeric, 10m),
        ["max"] = (NpgsqlDbType.Numeric, 50m),
        ["status"] = (NpgsqlDbType.Text, "failed"),
        ["limit"] = (NpgsqlDbType.Integer, 50),
        ["after_source"] = (NpgsqlDbType.Text, "bench"),
        ["after_id"] = (NpgsqlDbType.Text, "coin-4321"),
    };

    private string _database = "";
    private string _reads = "";

    public async Task InitializeAsync()
    {
        _database = await TestPostgres.CreateMigratedDatabaseAsync("plans");
        _reads = PostgresConnections.Reads(new StorageOptions { ConnectionString = _database });
        await TestPostgres.ExecuteAsync(_database, """
            INSERT INTO assets (source, external_id, symbol, name, current_price, market_cap, volume_24h, price_change_24h, last_updated, run_id)
            SELECT CASE WHEN i % 10 = 0 THEN 'other' ELSE 'bench' END, 'coin-' || i, 'B' || (i % 500), 'Coin ' || i,
                   1 + (i % 997) / 10.0, CASE WHEN i % 50 = 0 THEN NULL ELSE (i * 7919::bigint) % 1000003 * 1000 END, i, i % 21 - 10,
                   '2024-01-01', gen_random_uuid()
            FROM generate_series(0, 4999) i;
            INSERT INTO news_items (source, item_key, title, published_at, symbols, run_id)
            SELECT CASE WHEN i % 3 = 0 THEN 'bench' ELSE 'other' END, 'k' || i, 't' || i,
                   CASE WHEN i % 50 = 0 THEN NULL ELSE '2024-01-01'::timestamptz - i * interval '1 minute' END,
                   CASE WHEN i % 40 = 0 THEN ARRAY['B42'] ELSE ARRAY['X' || (i % 300)] END, gen_random_uuid()
            FROM generate_series(0, 19999) i;
            INSERT INTO run_log (run_id, source, status, trigger, started_at, completed_at, checkpoint_before)
            SELECT gen_random_uuid(), CASE WHEN g % 2 = 0 THEN 'bench' ELSE 'other' END, CASE WHEN g % 10 = 0 THEN 'failed' ELSE 'success' END,
                   'schedule', '2024-01-01'::timestamptz - interval '1 minute' * g, '2024-01-01'::timestamptz - interval '1 minute' * g, '{}'::jsonb
            FROM generate_series(1, 20000) g;
            """);
        foreach (var table in new[] { "assets", "news_items", "run_log" })
        {
            await TestPostgres.ExecuteAsync(_database, $"VACUUM ANALYZE {table}");
        }
    }

    public Task DisposeAsync() => TestPostgres.DropDatabaseAsync(_database);

    [Fact]
    public async Task Every_list_statement_walks_an_index_with_a_fresh_and_with_a_stale_visibility_map()
    {
        await AssertEveryShapeAsync();

        // An ingestion run rewrote every asset: the index-only scans must now read the table, and may not give up on the index.
        await TestPostgres.ExecuteAsync(_database, "UPDATE assets SET market_cap = market_cap + 1, current_price = current_price; ANALYZE assets");
        await AssertEveryShapeAsync();
    }

    private async Task AssertEveryShapeAsync()
    {
        var problems = new List<string>();
        foreach (var (name, sql) in Statements())
        {
            // Page 100 of 50 (the last of 5,000 assets) for every shape but a price range's, which matches fewer:
            // its page 20. (A page past the end of a price range may be planned as a scan of the table; see the README.)
            foreach (var offset in name.Contains("price", StringComparison.Ordinal) ? new[] { 0, 950 } : new[] { 0, 4950 })
            {
                foreach (var generic in new[] { false })
                {
                    JsonElement plan;
                    try
                    {
                        plan = await ExplainAsync(sql, offset, generic);
                    }
                    catch (PostgresException e)
                    {
                        throw new InvalidOperationException($"{name} ({(generic ? "generic" : "custom")}): {e.Message} in {sql}", e);
                    }

                    problems.AddRange(Problems(plan).Select(p => $"{name} (offset {offset}, {(generic ? "generic" : "custom")} plan): {p}"));
                    if (name is "assets after cap 0" or "assets after cap 1" or "assets after none 0" or "assets after none 1")
                    {
                        // A keyset page starts where its key is: it reads at most its three ranges' pages of the index, wherever the key.
                        var read = IndexEntriesRead(plan);
                        if (read > 3 * 50)
                        {
                            problems.Add($"{name} (key at {offset}): {read:N0} index entries read for a page of 50");
                        }
                    }
                }
            }
        }

        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }

    private static IEnumerable<(string Name, string Sql)> Statements()
    {
        for (var mask = 0; mask < 16; mask++)
        {
            var shape = ListSql.ForAssets((mask & 1) != 0, (mask & 2) != 0, (mask & 4) != 0, (mask & 8) != 0);
            var price = mask >= 4 ? " price" : "";
            yield return ($"assets page {mask}{price}", shape.Page);
            yield return ($"assets total {mask}{price}", shape.Count);
            yield return ($"assets after cap{price} {mask}", shape.AfterCap!);
            yield return ($"assets after none{price} {mask}", shape.AfterNull!);
        }

        for (var mask = 0; mask < 4; mask++)
        {
            var shape = ListSql.ForNews((mask & 1) != 0, (mask & 2) != 0);
            yield return ($"news page {mask}", shape.Page);
            yield return ($"news total {mask}", shape.Count);
            yield return ($"runs page {mask}", ListSql.ForRuns((mask & 1) != 0, (mask & 2) != 0));
        }
    }

    /// <summary>
    /// The plan of <paramref name="sql"/> in a reads session, executed (EXPLAIN ANALYZE: the rows a sort
    /// really took). Generic: prepared under plan_cache_mode force_generic_plan, so no value shapes it.
    /// </summary>
    private async Task<JsonElement> ExplainAsync(string sql, int offset, bool generic)
    {
        var values = new Dictionary<string, (NpgsqlDbType Type, object Value)>(Values, StringComparer.Ordinal)
        {
            ["offset"] = (NpgsqlDbType.Bigint, (long)offset),
            // A cursor's key near the top of the list for the first page, near its end (caps run to 1e9) for the deep one.
            ["cap"] = (NpgsqlDbType.Numeric, offset == 0 ? 990_000_000m : 2_000_000m),
        };
        var used = values.Where(v => sql.Contains("@" + v.Key, StringComparison.Ordinal)).ToArray();
        await using var connection = new NpgsqlConnection(_reads);
        await connection.OpenAsync();
        string text;
        if (generic)
        {
            var positional = sql;
            for (var i = 0; i < used.Length; i++)
            {
                positional = positional.Replace("@" + used[i].Key, $"${i + 1}", StringComparison.Ordinal);
            }

            var statement = $"plan_{Guid.NewGuid():N}";
            var types = string.Join(", ", used.Select(u => u.Value.Type.ToString().ToLowerInvariant()));
            await using var prepare = new NpgsqlCommand(
                $"SET plan_cache_mode = force_generic_plan; PREPARE {statement}{(types.Length == 0 ? "" : $"({types})")} AS {positional}", connection);
            await prepare.ExecuteNonQueryAsync();
            // A utility statement takes no protocol parameters: the test's own values, as literals.
            var arguments = string.Join(", ", used.Select(u => u.Value.Value is string t ? $"'{t}'" : Convert.ToString(u.Value.Value, CultureInfo.InvariantCulture)));
            text = $"EXPLAIN (ANALYZE, FORMAT JSON) EXECUTE {statement}{(used.Length == 0 ? "" : $"({arguments})")}";
            await using var explain = new NpgsqlCommand(text, connection);
            return JsonDocument.Parse((string)(await explain.ExecuteScalarAsync())!).RootElement[0].GetProperty("Plan");
        }

        await using var command = new NpgsqlCommand("EXPLAIN (ANALYZE, FORMAT JSON) " + sql, connection);
        foreach (var (name, (type, value)) in used)
        {
            command.Parameters.Add(new NpgsqlParameter(name, type) { Value = value });
        }

        return JsonDocument.Parse((string)(await command.ExecuteScalarAsync())!).RootElement[0].GetProperty("Plan");
    }

    /// <summary>The entries the plan's scans of the asset list's indexes read: rows returned and rows filtered out, every loop.</summary>
    private static double IndexEntriesRead(JsonElement node)
    {
        var own = node.TryGetProperty("Index Name", out var index) && index.GetString() is "ix_assets_cap" or "ix_assets_source_cap"
            ? (node.GetProperty("Actual Rows").GetDouble() + (node.TryGetProperty("Rows Removed by Filter", out var removed) ? removed.GetDouble() : 0))
                * node.GetProperty("Actual Loops").GetDouble()
            : 0;
        return own + (node.TryGetProperty("Plans", out var plans) ? plans.EnumerateArray().Sum(IndexEntriesRead) : 0);
    }

    private static IEnumerable<string> Problems(JsonElement node)
    {
        var type = node.GetProperty("Node Type").GetString();
        var relation = node.TryGetProperty("Relation Name", out var r) ? r.GetString() : null;
        if (type == "Seq Scan" && relation is "assets" or "news_items" or "run_log")
        {
            yield return $"a sequential scan of {relation}";
        }

        var children = node.TryGetProperty("Plans", out var plans) ? plans.EnumerateArray().ToArray() : [];
        if (type is "Sort" or "Incremental Sort" && children.Length > 0)
        {
            var input = children[0].GetProperty("Actual Rows").GetDouble() * children[0].GetProperty("Actual Loops").GetDouble();
            if (input > MaxSorted)
            {
                yield return $"a sort of {input:N0} rows ({string.Join(", ", node.GetProperty("Sort Key").EnumerateArray().Select(k => k.GetString()))})";
            }
        }

        foreach (var problem in children.SelectMany(Problems))
        {
            yield return problem;
        }
    }
}
