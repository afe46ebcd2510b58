using System.Diagnostics;
using System.Net;
using Kasparro.Grains.Interfaces.Sources;
using Kasparro.Grains.Storage;
using Kasparro.IntegrationTests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Xunit.Abstractions;

namespace Kasparro.IntegrationTests.Clustering;

/// <summary>
/// A run stopped by SIGTERM (a graceful silo shutdown, as in a rolling deploy) is recorded as
/// interrupted and resumed within seconds, not at the next tick of its one-hour interval: after a
/// restart of the only silo, and on a surviving silo that nobody calls. Data ends as one clean run.
/// Real silo processes; the outcome is read from the database, so no call activates the grain.
/// </summary>
[Collection(nameof(FailoverRunsAlone))]
public sealed class GracefulResumeTests(PostgresClusterFixture db, ITestOutputHelper output) : IClassFixture<PostgresClusterFixture>
{
    private const string Source = "rolling";
    private const int Rows = 150_000;
    private const int Assets = 150;

    /// <summary>
    /// Far below the one-hour interval, so only the resume mechanism can explain a resume this soon,
    /// and generous for a loaded 2-core machine (measured: about 10 s). It is counted from the moment a
    /// silo could resume it: the stop, or the restarted silo being healthy.
    /// </summary>
    private static readonly TimeSpan ResumeBound = TimeSpan.FromMinutes(5);

    [Fact]
    public async Task A_run_stopped_by_sigterm_resumes_when_the_silo_restarts()
    {
        await RunScenarioAsync(silosAtStart: 1, restart: true);
    }

    [Fact]
    public async Task A_run_stopped_by_sigterm_resumes_on_a_surviving_silo_that_nobody_calls()
    {
        await RunScenarioAsync(silosAtStart: 2, restart: false);
    }

    private async Task RunScenarioAsync(int silosAtStart, bool restart)
    {
        var cs = await db.NewDatabaseAsync();
        var clusterId = PostgresClusterFixture.NewClusterId();
        var directory = Directory.CreateTempSubdirectory("kasparro-sigterm").FullName;
        var file = MarketCsv.Write(Path.Combine(directory, "rolling.csv"), Rows, Assets);
        var expected = MarketCsv.ExpectedFor(Rows, Assets);
        var environment = FailoverTests.SiloEnvironment(clusterId, cs, file, Source);
        var processes = new List<SiloProcess>();
        try
        {
            for (var i = 0; i < silosAtStart; i++)
            {
                processes.Add(await StartHealthyAsync($"silo-{i}", directory, environment));
            }

            Guid runId;
            SiloProcess host;
            using (var client = await FailoverTests.StartClientAsync(clusterId, cs))
            {
                var cluster = client.Services.GetRequiredService<IClusterClient>();
                var grain = cluster.GetGrain<ISourceGrain>(Source);
                runId = (await grain.TriggerRun()).RunId;
                var progress = await Eventually.Until(grain.GetStatus, s => s.ActiveRun is null || s.Checkpoint.RecordsCommitted >= expected.Lines / 6, TimeSpan.FromSeconds(120), "some progress");
                Assert.True(progress.ActiveRun is not null, "the run finished before the stop: make the file larger");
                var address = await cluster.GetGrain<IManagementGrain>(0).GetActivationAddress(grain);
                host = processes.Single(p => p.SiloPort == address!.Endpoint.Port);
            }

            host.StopGracefully(TimeSpan.FromSeconds(60));
            var stopped = Stopwatch.StartNew();
            output.WriteLine($"SIGTERM: {host.Name} stopped gracefully");
            var interrupted = await Eventually.Until(() => RowAsync(cs, $"run_id = '{runId}'"), r => r is { Status: not "running" }, TimeSpan.FromSeconds(60), "the interrupted run");
            Assert.Equal(("failed", "interrupted"), (interrupted!.Value.Status, interrupted.Value.ErrorType));

            if (restart)
            {
                processes.Add(await StartHealthyAsync("silo-restarted", directory, environment));
                stopped.Restart();
            }

            var resumed = await Eventually.Until(
                () => RowAsync(cs, "trigger = 'resume'"), r => r is not null, ResumeBound + TimeSpan.FromSeconds(30), "a resumed run in run_log");
            output.WriteLine($"resume run logged {stopped.Elapsed.TotalSeconds:0.0} s after the {(restart ? "restarted silo was healthy" : "stop")}");
            Assert.True(stopped.Elapsed < ResumeBound, $"the run resumed only {stopped.Elapsed.TotalSeconds:0} s after the {(restart ? "restarted silo was healthy" : "stop")}");

            var done = await Eventually.Until(
                () => RowAsync(cs, $"run_id = '{resumed!.Value.RunId}'"), r => r!.Value.Status != "running", TimeSpan.FromSeconds(180), "the resumed run to finish");
            Assert.Equal("success", done!.Value.Status);
            var counts = await new PostgresIngestionStore(NpgsqlDataSource.Create(cs)).CountAsync(Source, CancellationToken.None);
            Assert.Equal((expected.Assets, expected.Quotes, expected.Rejected), (counts.Assets, counts.Quotes, counts.Rejected));
            Assert.Equal(2L, await TestPostgres.ScalarAsync<long>(cs, $"SELECT count(*) FROM run_log WHERE source = '{Source}'"));
            Assert.Equal(0L, await TestPostgres.ScalarAsync<long>(cs, $"SELECT running_runs FROM run_summary WHERE source = '{Source}'"));
            // The one-off resume reminder removes itself once it has fired; the schedule's reminder stays.
            await Eventually.Until(
                () => TestPostgres.ScalarAsync<long>(cs, "SELECT count(*) FROM orleansreminderstable WHERE remindername = 'resume'"),
                n => n == 0, TimeSpan.FromSeconds(90), "the resume reminder to be removed");
            Assert.Equal(1L, await TestPostgres.ScalarAsync<long>(cs, "SELECT count(*) FROM orleansreminderstable WHERE remindername = 'ingest'"));
        }
        catch
        {
            foreach (var process in processes)
            {
                output.WriteLine(process.Tail(60));
            }

            throw;
        }
        finally
        {
            foreach (var process in processes)
            {
                process.Dispose();
            }

            Directory.Delete(directory, recursive: true);
        }
    }

    private static async Task<SiloProcess> StartHealthyAsync(string name, string directory, IReadOnlyDictionary<string, string> environment)
    {
        var silo = SiloProcess.Start(name, directory, environment);
        await Eventually.Until(silo.HealthAsync, s => s == HttpStatusCode.OK || silo.HasExited, TimeSpan.FromSeconds(120), $"{name} /health");
        Assert.False(silo.HasExited, silo.Tail());
        return silo;
    }

    /// <summary>The newest run_log row of the source matching <paramref name="where"/>, or null.</summary>
    private static async Task<(Guid RunId, string Status, string? ErrorType)?> RowAsync(string cs, string where)
    {
        await using var connection = new NpgsqlConnection(cs);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            $"SELECT run_id, status, error_type FROM run_log WHERE source = '{Source}' AND {where} ORDER BY started_at DESC LIMIT 1", connection);
        await using var reader = await command.ExecuteReaderAsync();
        return await reader.ReadAsync() ? (reader.GetGuid(0), reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2)) : null;
    }
}
