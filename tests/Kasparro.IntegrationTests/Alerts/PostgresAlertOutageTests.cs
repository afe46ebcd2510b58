using Kasparro.Grains.Interfaces.Sources;
using Kasparro.IntegrationTests.Clustering;
using Kasparro.IntegrationTests.Infrastructure;
using Npgsql;

namespace Kasparro.IntegrationTests.Alerts;

/// <summary>
/// A run that ends while PostgreSQL is unreachable (no connections allowed, open ones terminated):
/// its run record and its alerts wait in the source's grain state, and once the database is back the
/// run log gets the record and alert_events the alert, once.
/// </summary>
public sealed class PostgresAlertOutageTests(PostgresClusterFixture db) : IClassFixture<PostgresClusterFixture>
{
    [Fact]
    public async Task A_run_failing_while_the_database_is_down_raises_its_alert_once_it_is_back()
    {
        var cs = await db.NewDatabaseAsync();
        var database = new NpgsqlConnectionStringBuilder(cs).Database!;
        var requested = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        // The source answers (404: the run fails at once, nothing to retry) only once the database is down.
        await using var api = await FakeApiServer.StartAsync(async (context, _) =>
        {
            requested.TrySetResult();
            await release.Task;
            context.Response.StatusCode = 404;
        });
        var sources = new Dictionary<string, string?>
        {
            ["Kasparro:Sources:gone:Kind"] = "Csv",
            ["Kasparro:Sources:gone:Url"] = $"{api.BaseUri}/gone.csv",
            ["Kasparro:Sources:gone:Interval"] = "01:00:00",
        };

        await using var silo = await TestSilo.StartAsync(PostgresClusterFixture.NewClusterId(), cs, extraSettings: sources);
        var grain = silo.Grains.GetGrain<ISourceGrain>("gone");
        var started = await grain.TriggerRun();
        await requested.Task.WaitAsync(TimeSpan.FromSeconds(60));
        var id = $"run.failed:{started.RunId:N}";
        await TestPostgres.AdminAsync($"ALTER DATABASE \"{database}\" ALLOW_CONNECTIONS false");
        try
        {
            await TestPostgres.AdminAsync($"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{database}'");
            release.TrySetResult();
            var ended = await Eventually.Until(async () => (await grain.GetRun(started.RunId))!, r => r.Status != RunStatus.Running, TimeSpan.FromSeconds(60), "the run to end");
            Assert.Equal(RunStatus.Failed, ended.Status);
        }
        finally
        {
            await TestPostgres.AdminAsync($"ALTER DATABASE \"{database}\" ALLOW_CONNECTIONS true");
        }

        await Eventually.Until(() => CountAsync(cs, id), n => n == 1, TimeSpan.FromSeconds(90), "alert_events to hold the run's alert");
        Assert.Equal("failed", await TestPostgres.ScalarAsync<string>(cs, $"SELECT status FROM run_log WHERE run_id = '{started.RunId}'"));
        Assert.Equal("run.failed", await TestPostgres.ScalarAsync<string>(cs, $"SELECT kind FROM alert_events WHERE event_id = '{id}'"));
    }

    private static async Task<long> CountAsync(string cs, string eventId)
    {
        await using var connection = new NpgsqlConnection(cs);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT count(*) FROM alert_events WHERE event_id = @id", connection);
        command.Parameters.AddWithValue("id", eventId);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
