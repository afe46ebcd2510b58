using Kasparro.Grains.Interfaces.Sources;
using Kasparro.Grains.Storage;
using Kasparro.IntegrationTests.Clustering;
using Kasparro.IntegrationTests.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Kasparro.IntegrationTests.Lifecycle;

/// <summary>
/// The run log settles: a run that ends while its database is unreachable (no connections allowed,
/// every open one terminated) reaches run_log once the database is back, and run_summary (what
/// /stats and /health read) agrees with the grain; a row left running by a lost run end is closed
/// by the next activation.
/// </summary>
public sealed class RunLogSettlingTests(PostgresClusterFixture db) : IClassFixture<PostgresClusterFixture>
{
    private const int Rows = 120_000;
    private const int Assets = 100;

    [Fact]
    public async Task A_run_ending_while_the_database_is_down_reaches_the_run_log_when_it_is_back()
    {
        var cs = await db.NewDatabaseAsync();
        var database = new NpgsqlConnectionStringBuilder(cs).Database!;
        var clusterId = PostgresClusterFixture.NewClusterId();
        var directory = Directory.CreateTempSubdirectory("kasparro-settle").FullName;
        var file = MarketCsv.Write(Path.Combine(directory, "settle.csv"), Rows, Assets);
        var sources = new Dictionary<string, string?>
        {
            ["Kasparro:Sources:settle:Kind"] = "Csv",
            ["Kasparro:Sources:settle:Url"] = file,
            ["Kasparro:Sources:settle:BatchSize"] = "500",
            ["Kasparro:Sources:settle:Interval"] = "01:00:00",
        };

        try
        {
            await using var silo = await TestSilo.StartAsync(clusterId, cs, extraSettings: sources);
            var grain = silo.Grains.GetGrain<ISourceGrain>("settle");
            var started = await grain.TriggerRun();
            var progress = await Eventually.Until(grain.GetStatus, s => s.Checkpoint.RecordsCommitted >= 2_000 || s.ActiveRun is null, TimeSpan.FromSeconds(60), "some progress");
            Assert.True(progress.ActiveRun is not null, "the run finished before the database went down: make the file larger");

            RunInfo ended;
            await TakeDownAsync(database);
            try
            {
                // The run fails on its next write and ends with the database still down.
                ended = await Eventually.Until(async () => (await grain.GetRun(started.RunId))!, r => r.Status != RunStatus.Running, TimeSpan.FromSeconds(60), "the run to end");
                Assert.Equal(RunStatus.Failed, ended.Status);
            }
            finally
            {
                await BringBackAsync(database);
            }

            var row = await Eventually.Until(() => StatusOfAsync(cs, started.RunId), s => s == "failed", TimeSpan.FromSeconds(90), "run_log to record the run's end");
            Assert.Equal("failed", row);
            var summary = await Eventually.Until(() => SummaryAsync(cs, "settle"), s => s.Running == 0, TimeSpan.FromSeconds(30), "run_summary to settle");
            Assert.Equal((0L, 0L, 1L, 1L), summary);
            var logged = await silo.Host.Services.GetRequiredService<IIngestionStore>().GetRunAsync(started.RunId, CancellationToken.None);
            Assert.Equal((ended.Status, ended.ErrorType, ended.RecordsRead), (logged!.Status, logged.ErrorType, logged.RecordsRead));

            // The source is not wedged: the next run is logged from its start and finishes the file.
            var next = await grain.TriggerRun();
            Assert.NotNull(await TestPostgres.ScalarAsync<string>(cs, $"SELECT status FROM run_log WHERE run_id = '{next.RunId}'"));
            var done = await Eventually.Until(async () => (await grain.GetRun(next.RunId))!, r => r.Status != RunStatus.Running, TimeSpan.FromSeconds(120), "the next run");
            Assert.Equal(RunStatus.Success, done.Status);
            await Eventually.Until(() => StatusOfAsync(cs, next.RunId), s => s == "success", TimeSpan.FromSeconds(30), "the next run's end in run_log");
            var expected = MarketCsv.ExpectedFor(Rows, Assets);
            var counts = await silo.Host.Services.GetRequiredService<IIngestionStore>().CountAsync("settle", CancellationToken.None);
            Assert.Equal((expected.Assets, expected.Quotes, expected.Rejected), (counts.Assets, counts.Quotes, counts.Rejected));
            Assert.Equal((0L, 1L, 1L, 2L), await SummaryAsync(cs, "settle"));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public async Task A_run_succeeding_while_the_database_is_down_is_logged_as_a_success_when_it_is_back()
    {
        var cs = await db.NewDatabaseAsync();
        var database = new NpgsqlConnectionStringBuilder(cs).Database!;
        var clusterId = PostgresClusterFixture.NewClusterId();
        var requested = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        // The source answers once the database is down, with a file of no rows: the run writes
        // nothing while it lasts, so it succeeds, and only its end meets the outage.
        await using var api = await FakeApiServer.StartAsync(async (context, _) =>
        {
            requested.TrySetResult();
            await release.Task;
            context.Response.ContentType = "text/csv";
            await context.Response.WriteAsync(MarketCsv.Header + "\n");
        });
        var sources = new Dictionary<string, string?>
        {
            ["Kasparro:Sources:quiet:Kind"] = "Csv",
            ["Kasparro:Sources:quiet:Url"] = $"{api.BaseUri}/quiet.csv",
            ["Kasparro:Sources:quiet:Interval"] = "01:00:00",
        };

        await using var silo = await TestSilo.StartAsync(clusterId, cs, extraSettings: sources);
        var grain = silo.Grains.GetGrain<ISourceGrain>("quiet");
        var started = await grain.TriggerRun();
        Assert.Equal("running", await StatusOfAsync(cs, started.RunId));
        await requested.Task.WaitAsync(TimeSpan.FromSeconds(60));
        await TakeDownAsync(database);
        try
        {
            release.TrySetResult();
            var ended = await Eventually.Until(async () => (await grain.GetRun(started.RunId))!, r => r.Status != RunStatus.Running, TimeSpan.FromSeconds(60), "the run to end");
            Assert.Equal(RunStatus.Success, ended.Status);
            // Still down: the run log cannot have the end yet.
            Assert.Equal(RunStatus.Success, (await grain.GetStatus()).LastRun!.Status);
        }
        finally
        {
            await BringBackAsync(database);
        }

        await Eventually.Until(() => StatusOfAsync(cs, started.RunId), s => s == "success", TimeSpan.FromSeconds(90), "run_log to record the success");
        await Eventually.Until(() => SummaryAsync(cs, "quiet"), s => s == (0, 1, 0, 1), TimeSpan.FromSeconds(30), "run_summary to count one success");
        // The grain state caught up too: a new activation sees no run in progress and resumes nothing.
        await silo.Grains.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);
        var status = await grain.GetStatus();
        Assert.Null(status.ActiveRun);
        Assert.Equal((started.RunId, RunStatus.Success), (status.LastRun!.RunId, status.LastRun.Status));
        Assert.Equal(1L, await TestPostgres.ScalarAsync<long>(cs, "SELECT count(*) FROM run_log WHERE source = 'quiet'"));
    }

    [Fact]
    public async Task An_activation_closes_run_log_rows_left_running_by_lost_run_ends()
    {
        var cs = await db.NewDatabaseAsync();
        var clusterId = PostgresClusterFixture.NewClusterId();
        var directory = Directory.CreateTempSubdirectory("kasparro-orphan").FullName;
        var file = MarketCsv.Write(Path.Combine(directory, "orphan.csv"), 100, 10);
        var sources = new Dictionary<string, string?>
        {
            ["Kasparro:Sources:orphan:Kind"] = "Csv",
            ["Kasparro:Sources:orphan:Url"] = file,
            ["Kasparro:Sources:orphan:Interval"] = "01:00:00",
        };

        try
        {
            RunInfo finished;
            await using (var first = await TestSilo.StartAsync(clusterId, cs, extraSettings: sources))
            {
                var grain = first.Grains.GetGrain<ISourceGrain>("orphan");
                var started = await grain.TriggerRun();
                finished = await Eventually.Until(async () => (await grain.GetRun(started.RunId))!, r => r.Status != RunStatus.Running, TimeSpan.FromSeconds(60), "the run");
            }

            // What lost run ends leave: the finished run's row back at running (its end never
            // written), and a run the grain no longer knows at all.
            await TestPostgres.ScalarAsync<int>(cs, $"UPDATE run_log SET status = 'running', completed_at = NULL WHERE run_id = '{finished.RunId}' RETURNING 1");
            var store = new PostgresIngestionStore(NpgsqlDataSource.Create(cs));
            var unknown = new RunInfo(Guid.NewGuid(), "orphan", RunStatus.Running, DateTime.UtcNow.AddHours(-1), null, 5, 5, 0,
                new Dictionary<string, long>(), null, null, SourceCheckpoint.Start, null, "schedule");
            await store.RecordRunAsync(unknown, CancellationToken.None);
            Assert.Equal(2L, (await SummaryAsync(cs, "orphan")).Running);

            // The silo start activates the source (to schedule it); that activation reconciles.
            await using var second = await TestSilo.StartAsync(clusterId, cs, extraSettings: sources);
            await Eventually.Until(() => SummaryAsync(cs, "orphan"), s => s.Running == 0, TimeSpan.FromSeconds(60), "the running rows to be closed");
            Assert.Equal("success", await StatusOfAsync(cs, finished.RunId));
            var closed = await store.GetRunAsync(unknown.RunId, CancellationToken.None);
            Assert.Equal((RunStatus.Failed, "interrupted"), (closed!.Status, closed.ErrorType));
            Assert.Equal((0L, 1L, 1L, 2L), await SummaryAsync(cs, "orphan"));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    /// <summary>A running start record retried late never reopens a finished run (both stores behave alike).</summary>
    [Fact]
    public async Task A_finished_run_is_never_turned_back_to_running()
    {
        var cs = await db.NewDatabaseAsync();
        await SchemaMigrator.MigrateAsync(cs, Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance);
        var started = new RunInfo(Guid.NewGuid(), "s", RunStatus.Running, DateTime.UtcNow, null, 0, 0, 0,
            new Dictionary<string, long>(), null, null, SourceCheckpoint.Start, null, "manual");
        var finished = started with { Status = RunStatus.Success, CompletedAt = started.StartedAt.AddSeconds(2), RecordsRead = 3 };
        foreach (IIngestionStore store in new IIngestionStore[] { new PostgresIngestionStore(NpgsqlDataSource.Create(cs)), new InMemoryIngestionStore() })
        {
            await store.RecordRunAsync(started, CancellationToken.None);
            await store.RecordRunAsync(finished, CancellationToken.None);
            await store.RecordRunAsync(started, CancellationToken.None);

            var logged = await store.GetRunAsync(started.RunId, CancellationToken.None);
            Assert.Equal((RunStatus.Success, 3L), (logged!.Status, logged.RecordsRead));
        }
    }

    private static async Task TakeDownAsync(string database)
    {
        await TestPostgres.AdminAsync($"ALTER DATABASE \"{database}\" ALLOW_CONNECTIONS false");
        await TestPostgres.AdminAsync($"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{database}'");
    }

    private static Task BringBackAsync(string database) => TestPostgres.AdminAsync($"ALTER DATABASE \"{database}\" ALLOW_CONNECTIONS true");

    private static async Task<string?> StatusOfAsync(string cs, Guid runId)
    {
        await using var connection = new NpgsqlConnection(cs);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"SELECT status FROM run_log WHERE run_id = '{runId}'", connection);
        return (string?)await command.ExecuteScalarAsync();
    }

    /// <summary>(running, successful, failed, total) runs of a source, from run_summary as /stats and /health read them.</summary>
    private static async Task<(long Running, long Successful, long Failed, long Total)> SummaryAsync(string cs, string source)
    {
        await using var connection = new NpgsqlConnection(cs);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            $"SELECT running_runs, successful_runs, failed_runs, total_runs FROM run_summary WHERE source = '{source}'", connection);
        await using var reader = await command.ExecuteReaderAsync();
        return await reader.ReadAsync() ? (reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3)) : (0, 0, 0, 0);
    }
}
