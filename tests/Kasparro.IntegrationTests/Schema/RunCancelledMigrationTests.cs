using Kasparro.Grains.Storage;
using Kasparro.IntegrationTests.Infrastructure;
using Npgsql;

namespace Kasparro.IntegrationTests.Schema;

/// <summary>
/// Migration 0010 on a database at 0009 holding runs: the status check admits <c>cancelled</c>
/// only after it, the summary keeps its figures and counts cancelled runs apart from then on.
/// </summary>
public sealed class RunCancelledMigrationTests
{
    [Fact]
    public async Task Cancelled_runs_are_refused_before_0010_and_counted_apart_after_it()
    {
        var cs = await TestPostgres.CreateDatabaseAsync("cancelled");
        try
        {
            foreach (var script in SchemaMigrator.ScriptNames.Where(n => string.CompareOrdinal(FileName(n), "0010") < 0))
            {
                await TestPostgres.ExecuteAsync(cs, Script(script));
            }

            await TestPostgres.ExecuteAsync(cs, Insert("a1", "success", 10) + Insert("a2", "failed", 4) + Insert("a3", "running", 0));
            var refused = await Assert.ThrowsAsync<PostgresException>(() => TestPostgres.ExecuteAsync(cs, Insert("a4", "cancelled", 3)));
            Assert.Equal(PostgresErrorCodes.CheckViolation, refused.SqlState);

            await TestPostgres.ExecuteAsync(cs, Script(SchemaMigrator.ScriptNames.Single(n => FileName(n).StartsWith("0010_", StringComparison.Ordinal))));
            Assert.Equal("3 1 1 1 0 14", await SummaryAsync(cs));

            await TestPostgres.ExecuteAsync(cs, Insert("a4", "cancelled", 3));
            Assert.Equal("4 1 1 1 1 17", await SummaryAsync(cs));

            // A running run that is cancelled moves from one count to the other.
            await TestPostgres.ExecuteAsync(cs, "UPDATE run_log SET status = 'cancelled', records_read = 5, completed_at = now() WHERE trigger = 'a3'");
            Assert.Equal("4 0 1 1 2 22", await SummaryAsync(cs));

            var invalid = await Assert.ThrowsAsync<PostgresException>(() => TestPostgres.ExecuteAsync(cs, Insert("a5", "stopped", 0)));
            Assert.Equal(PostgresErrorCodes.CheckViolation, invalid.SqlState);
        }
        finally
        {
            await TestPostgres.DropDatabaseAsync(cs);
        }
    }

    private static string FileName(string resource) => resource["Kasparro.Migrations.".Length..];

    private static string Script(string resource)
    {
        using var stream = typeof(SchemaMigrator).Assembly.GetManifestResourceStream(resource)!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    /// <summary>A run of source <c>s</c>; the trigger column names it.</summary>
    private static string Insert(string name, string status, long read) =>
        $"""
        INSERT INTO run_log (run_id, source, status, trigger, started_at, completed_at, records_read, duration_ms)
        VALUES ('{Guid.NewGuid()}', 's', '{status}', '{name}', now(), {(status == "running" ? "NULL" : "now()")}, {read}, {(status == "running" ? "NULL" : "1000")});
        """;

    /// <summary>total, running, successful, failed, cancelled, records read.</summary>
    private static Task<string> SummaryAsync(string cs) => TestPostgres.ScalarAsync<string>(cs,
        "SELECT concat_ws(' ', total_runs, running_runs, successful_runs, failed_runs, cancelled_runs, records_read) FROM run_summary WHERE source = 's'");
}
