using Kasparro.Grains.Interfaces.Drift;
using Kasparro.Grains.Interfaces.Sources;
using Kasparro.IntegrationTests.Clustering;
using Kasparro.IntegrationTests.Infrastructure;
using Npgsql;

namespace Kasparro.IntegrationTests.Drift;

/// <summary>The drift analyzer on PostgreSQL: the shared tests, the drift_log row itself, and state across a silo restart.</summary>
public sealed class PostgresDriftAnalyzerGrainTests(PostgresClusterFixture db) : DriftAnalyzerGrainTests, IClassFixture<PostgresClusterFixture>
{
    private string? _database;

    protected override async Task<TestSilo> StartSiloAsync(string clusterId, IReadOnlyDictionary<string, string?> settings)
    {
        _database ??= await db.NewDatabaseAsync();
        return await TestSilo.StartAsync(clusterId, _database, extraSettings: settings);
    }

    [Fact]
    public async Task The_drift_log_row_holds_every_part_of_the_report()
    {
        await using var silo = await StartSiloAsync(PostgresClusterFixture.NewClusterId(), Source("row"));
        var run = Guid.NewGuid();
        var report = await silo.Grains.GetGrain<IDriftAnalyzerGrain>("row").AnalyzeAsync(run, Rows(r =>
        {
            r["currentPrice"] = "n/a";
            r.Remove("current_price");
            r.Remove("timestamp");
            r.Remove("market_cap");
            r.Remove("volume_24h");
            r.Remove("price_change_24h");
            r["exchange"] = "x";
            r["symbol"] = "";
        }));

        await using var connection = new NpgsqlConnection(_database);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            """
            SELECT source, run_id, schema_name, confidence, drift_detected, breaking, missing_fields, extra_fields,
                   fuzzy_matches::text, type_changes::text, null_rate_changes::text, warnings, breaking_fields, sample_size, detected_at
            FROM drift_log WHERE report_id = @id
            """, connection);
        command.Parameters.AddWithValue("id", report.ReportId);
        await using var r = await command.ExecuteReaderAsync();
        Assert.True(await r.ReadAsync());

        Assert.Equal(("row", run, "csv-market-quote"), (r.GetString(0), r.GetGuid(1), r.GetString(2)));
        Assert.Equal(0.5m, r.GetDecimal(3)); // 4 of 8: id, symbol and name by name, current_price renamed
        Assert.Equal((true, true), (r.GetBoolean(4), r.GetBoolean(5)));
        Assert.Equal(["market_cap", "volume_24h", "price_change_24h", "timestamp"], r.GetFieldValue<string[]>(6));
        Assert.Equal(["exchange"], r.GetFieldValue<string[]>(7));
        Assert.Equal("""[{"key": true, "score": 1, "expected": "current_price", "observed": "currentPrice"}]""", r.GetString(8));
        Assert.Equal("""[{"key": true, "field": "current_price", "expected": "number", "observed": "string"}]""", r.GetString(9));
        Assert.Equal("""[{"field": "symbol", "expected": 0, "observed": 1}]""", r.GetString(10));
        Assert.Empty(r.GetFieldValue<string[]>(11)); // 4 of 8 missing is not more than half; 1 of 5 fields new
        Assert.Equal(["timestamp", "current_price"], r.GetFieldValue<string[]>(12));
        Assert.Equal(10, r.GetInt32(13));
        Assert.Equal(report.DetectedAt, r.GetDateTime(14), TimeSpan.FromMilliseconds(1));
        Assert.False(await r.ReadAsync());
    }

    [Fact]
    public async Task History_and_learning_survive_a_silo_restart()
    {
        var clusterId = PostgresClusterFixture.NewClusterId();
        var settings = Source("restart", ("Drift:LearnFromRuns", "3"), ("Drift:HistoryLimit", "2"));
        DriftReport last;
        await using (var first = await StartSiloAsync(clusterId, settings))
        {
            var grain = first.Grains.GetGrain<IDriftAnalyzerGrain>("restart");
            await grain.AnalyzeAsync(Guid.NewGuid(), Rows());
            await grain.AnalyzeAsync(Guid.NewGuid(), Rows());
            last = await grain.AnalyzeAsync(Guid.NewGuid(), Rows(r => r.Remove("market_cap")));
        }

        await using var second = await StartSiloAsync(clusterId, settings);
        var again = second.Grains.GetGrain<IDriftAnalyzerGrain>("restart");
        var status = await again.GetStatus();
        var recent = await again.GetRecentReports(10);

        Assert.Equal((2, false, 3), (status.CleanRuns, status.Learned, status.LearnFromRuns));
        Assert.Equal(2, recent.Count);
        Assert.Equal(last.ReportId, recent[0].ReportId);
        Assert.Equal(["market_cap"], recent[0].MissingFields);
        Assert.Equal(3, (await Log(second).QueryAsync(new DriftLogQuery("restart"), CancellationToken.None)).Total);
    }

    [Fact]
    public async Task A_report_the_drift_log_could_not_take_is_written_with_the_next_analysis()
    {
        await using var silo = await StartSiloAsync(PostgresClusterFixture.NewClusterId(), Source("retry"));
        var grain = silo.Grains.GetGrain<IDriftAnalyzerGrain>("retry");
        await ExecuteAsync("ALTER TABLE drift_log RENAME TO drift_log_away");
        DriftReport unlogged;
        try
        {
            unlogged = await grain.AnalyzeAsync(Guid.NewGuid(), Rows(r => r.Remove("market_cap")));
        }
        finally
        {
            await ExecuteAsync("ALTER TABLE drift_log_away RENAME TO drift_log");
        }

        var next = await grain.AnalyzeAsync(Guid.NewGuid(), Rows());

        var page = await Log(silo).QueryAsync(new DriftLogQuery("retry"), CancellationToken.None);
        Assert.Equal([next.ReportId, unlogged.ReportId], page.Reports.Select(r => r.ReportId));
        Assert.Equal(["market_cap"], page.Reports[1].MissingFields);
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(_database);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    [Fact]
    public async Task A_source_and_its_drift_analyzer_keep_their_states_side_by_side()
    {
        // Both grains have the key "both"; the ADO.NET storage keys state by grain id and state name.
        var directory = Directory.CreateTempSubdirectory("kasparro-drift").FullName;
        try
        {
            var file = MarketCsv.Write(Path.Combine(directory, "both.csv"), 50, 10);
            // Enabled, as a source must be to run; the long interval keeps the schedule out of the way.
            var settings = Source("both", ("Url", file), ("Columns:price", "price"), ("Enabled", "true"), ("Interval", "01:00:00"));
            await using var silo = await StartSiloAsync(PostgresClusterFixture.NewClusterId(), settings);
            var source = silo.Grains.GetGrain<ISourceGrain>("both");
            var started = await source.TriggerRun();
            var run = await Eventually.Until(async () => (await source.GetRun(started.RunId))!, r => r.Status != RunStatus.Running, TimeSpan.FromSeconds(60), "the run");

            var report = await silo.Grains.GetGrain<IDriftAnalyzerGrain>("both").AnalyzeAsync(run.RunId, Rows(r =>
            {
                r["price"] = r["current_price"];
                r.Remove("current_price");
            }));
            await silo.Grains.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);

            Assert.Equal(RunStatus.Success, run.Status);
            Assert.False(report.DriftDetected);
            Assert.Equal(run.CheckpointAfter, (await source.GetStatus()).Checkpoint);
            Assert.Equal(report.ReportId, (await silo.Grains.GetGrain<IDriftAnalyzerGrain>("both").GetRecentReports(1))[0].ReportId);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
