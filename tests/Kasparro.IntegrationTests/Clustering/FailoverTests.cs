using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Kasparro.Grains.Interfaces.Sources;
using Kasparro.Grains.Storage;
using Kasparro.Hosting;
using Kasparro.IntegrationTests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;
using Orleans.Configuration;
using Xunit.Abstractions;

namespace Kasparro.IntegrationTests.Clustering;

/// <summary>
/// Runs alone (three silo processes on two cores would starve, and be starved by, parallel classes).
/// </summary>
[CollectionDefinition(nameof(FailoverRunsAlone), DisableParallelization = true)]
public sealed class FailoverRunsAlone;

/// <summary>
/// Three real silo processes and the REST gateway in client mode, a large CSV source configured in
/// each through the environment. The run is started through the gateway; the silo hosting the
/// source's grain is killed with SIGKILL mid-run; the grain must come back on a survivor, record the
/// run as interrupted, resume from the last durable checkpoint and end with exactly the data of one
/// clean run, and the gateway must serve all of that without a restart.
/// </summary>
[Collection(nameof(FailoverRunsAlone))]
public sealed class FailoverTests(PostgresClusterFixture db, ITestOutputHelper output) : IClassFixture<PostgresClusterFixture>
{
    private const string Source = "big";
    private const int Rows = 300_000;
    private const int Assets = 200;
    internal const string ApiKey = "failover-test-key";

    /// <summary>Fast failure detection for a loopback cluster (production keeps Orleans' defaults; see the README).</summary>
    public static readonly IReadOnlyDictionary<string, string> FastMembership = new Dictionary<string, string>
    {
        ["Kasparro__Cluster__Membership__ProbeTimeout"] = "00:00:01",
        ["Kasparro__Cluster__Membership__NumMissedProbesLimit"] = "2",
        ["Kasparro__Cluster__Membership__NumVotesForDeathDeclaration"] = "2",
        ["Kasparro__Cluster__Membership__TableRefreshTimeout"] = "00:00:02",
        ["Kasparro__Cluster__Membership__IAmAliveTablePublishTimeout"] = "00:00:05",
    };

    [Fact]
    public async Task Killing_the_silo_that_runs_a_source_resumes_the_run_on_a_survivor_with_the_data_of_one_clean_run()
    {
        var total = Stopwatch.StartNew();
        var cs = await db.NewDatabaseAsync();
        var clusterId = PostgresClusterFixture.NewClusterId();
        var directory = Directory.CreateTempSubdirectory("kasparro-failover").FullName;
        var file = MarketCsv.Write(Path.Combine(directory, "big.csv"), Rows, Assets);
        var expected = MarketCsv.ExpectedFor(Rows, Assets);
        var silos = new List<SiloProcess>();
        var processes = new List<SiloProcess>();
        try
        {
            var environment = SiloEnvironment(clusterId, cs, file);
            for (var i = 0; i < 3; i++)
            {
                silos.Add(SiloProcess.Start($"silo-{i}", directory, environment));
            }

            foreach (var silo in silos)
            {
                await Eventually.Until(silo.HealthAsync, s => s == HttpStatusCode.OK || silo.HasExited, TimeSpan.FromSeconds(120), $"{silo.Name} /health");
                Assert.False(silo.HasExited, silo.Tail());
            }

            var gateway = SiloProcess.StartGateway("gateway", directory, environment);
            processes.Add(gateway);
            await Eventually.Until(gateway.HealthAsync, s => s == HttpStatusCode.OK || gateway.HasExited, TimeSpan.FromSeconds(120), "gateway /health");
            Assert.False(gateway.HasExited, gateway.Tail());
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{gateway.HttpPort}"), Timeout = TimeSpan.FromSeconds(30) };
            http.DefaultRequestHeaders.Add("X-API-Key", ApiKey);

            output.WriteLine($"{total.Elapsed.TotalSeconds:0.0} s: three silos and the gateway healthy");
            using var client = await StartClientAsync(clusterId, cs);
            var grain = client.Services.GetRequiredService<IClusterClient>().GetGrain<ISourceGrain>(Source);
            var management = client.Services.GetRequiredService<IClusterClient>().GetGrain<IManagementGrain>(0);
            var monitor = new CheckpointMonitor();

            using var accepted = await http.PostAsync(new Uri($"/sources/{Source}/runs", UriKind.Relative), content: null);
            Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
            var started = (await grain.GetStatus()).ActiveRun ?? throw new Xunit.Sdk.XunitException("the gateway's trigger started no run");
            Assert.Equal(started.RunId.ToString(), (await accepted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("run_id").GetString());
            var host = await HostOfAsync(management, grain, silos);
            output.WriteLine($"{total.Elapsed.TotalSeconds:0.0} s: run {started.RunId} started on {host.Name}");

            // Let it make some durable progress, then kill its silo while it is still running.
            var before = await Eventually.Until(
                () => monitor.ObserveAsync(grain),
                s => s.ActiveRun is null || s.Checkpoint.RecordsCommitted >= expected.Lines / 6,
                TimeSpan.FromSeconds(180),
                "the run to commit a sixth of the file");
            Assert.True(before.ActiveRun is not null, $"the run finished before the kill ({before.LastRun?.DurationSeconds(DateTime.UtcNow):0.0} s): make the file larger");
            host.KillHard();
            var killedAt = total.Elapsed;
            var killedUtc = DateTime.UtcNow;
            output.WriteLine($"{killedAt.TotalSeconds:0.0} s: killed {host.Name} (pid {host.Pid}) at checkpoint {before.Checkpoint.RecordsCommitted} of {expected.Lines}");

            var runs = await Eventually.Until(
                async () => { await monitor.ObserveAsync(grain); return await grain.GetRecentRuns(10); },
                r => r.Count > 0 && r[0].Trigger == "resume" && r[0].Status != RunStatus.Running,
                TimeSpan.FromSeconds(300), // a resume waiting for the next reminder (an hour) still fails; a busy machine does not
                "the resumed run to finish");
            var resumedAt = total.Elapsed;
            var newHost = await HostOfAsync(management, grain, silos);
            output.WriteLine($"{resumedAt.TotalSeconds:0.0} s: resumed run finished on {newHost.Name}, {(resumedAt - killedAt).TotalSeconds:0.0} s after the kill");

            output.WriteLine(
                $"interrupted run stored checkpoint {runs.Single(r => r.RunId == started.RunId).CheckpointAfter?.RecordsCommitted}; " +
                $"resume run started {(runs[0].StartedAt - killedUtc).TotalSeconds:0.0} s after the kill and took {runs[0].DurationSeconds(DateTime.UtcNow):0.0} s");
            Assert.NotSame(host, newHost);
            Assert.False(newHost.HasExited);
            var interrupted = runs.Single(r => r.RunId == started.RunId);
            var resumed = runs[0];
            Assert.Equal((RunStatus.Failed, "interrupted"), (interrupted.Status, interrupted.ErrorType));
            Assert.Equal(RunStatus.Success, resumed.Status);
            Assert.True(interrupted.CheckpointAfter!.RecordsCommitted >= before.Checkpoint.RecordsCommitted, "the stored checkpoint lost progress");
            Assert.Equal(interrupted.CheckpointAfter.RecordsCommitted, resumed.CheckpointBefore.RecordsCommitted);
            Assert.True(resumed.CheckpointBefore.RecordsCommitted > 0, "the resumed run started from zero");
            Assert.Equal(expected.Lines, resumed.CheckpointAfter!.RecordsCommitted);
            Assert.Empty(monitor.Regressions);
            Assert.Equal(1, runs.Count(r => r.Trigger == "resume"));

            var counts = await new PostgresIngestionStore(NpgsqlDataSource.Create(cs)).CountAsync(Source, CancellationToken.None);
            Assert.Equal((expected.Assets, expected.Quotes, expected.Rejected), (counts.Assets, counts.Quotes, counts.Rejected));
            var logged = await TestPostgres.ScalarAsync<long>(cs, $"SELECT count(*) FROM run_log WHERE source = '{Source}' AND error_type = 'interrupted'");
            Assert.Equal(1, logged);
            // The gateway (an Orleans client of the whole cluster) outlived the silo and serves the outcome.
            Assert.False(gateway.HasExited, gateway.Tail());
            var served = await http.GetFromJsonAsync<JsonElement>(new Uri($"/runs/{resumed.RunId}", UriKind.Relative));
            Assert.Equal(("success", resumed.RecordsRead), (served.GetProperty("status").GetString(), served.GetProperty("records_processed").GetInt64()));
            var data = await http.GetFromJsonAsync<JsonElement>(new Uri($"/data?source={Source}&per_page=1", UriKind.Relative));
            Assert.Equal(expected.Assets, data.GetProperty("pagination").GetProperty("total_items").GetInt64());
            output.WriteLine($"{total.Elapsed.TotalSeconds:0.0} s: data equals one clean run ({counts.Assets} assets, {counts.Quotes} quotes, {counts.Rejected} rejected)");
        }
        catch
        {
            foreach (var process in silos.Concat(processes))
            {
                output.WriteLine(process.Tail());
            }

            throw;
        }
        finally
        {
            foreach (var process in silos.Concat(processes))
            {
                process.Dispose();
            }

            Directory.Delete(directory, recursive: true);
        }
    }

    internal static Dictionary<string, string> SiloEnvironment(string clusterId, string cs, string file, string source = Source)
    {
        var environment = new Dictionary<string, string>(FastMembership)
        {
            ["Kasparro__Storage__Provider"] = "Postgres",
            ["ConnectionStrings__Kasparro"] = cs,
            ["Kasparro__Cluster__ClusterId"] = clusterId,
            ["Kasparro__Cluster__ServiceId"] = $"svc-{clusterId}",
            ["Kasparro__Sources__csv__Enabled"] = "false",
            ["Kasparro__Sources__coingecko__Enabled"] = "false",
            ["Kasparro__Sources__rss__Enabled"] = "false",
            [TestSilo.FirstRunAtStartKey.Replace(":", "__", StringComparison.Ordinal)] = "false",
            [$"Kasparro__Sources__{source}__Kind"] = "Csv",
            [$"Kasparro__Sources__{source}__Url"] = file,
            [$"Kasparro__Sources__{source}__BatchSize"] = "2000",
            [$"Kasparro__Sources__{source}__Interval"] = "01:00:00",
            ["Kasparro__Api__ApiKey"] = ApiKey,
            ["Logging__LogLevel__Default"] = "Warning",
            [TestSilo.ConnectTimeoutKey.Replace(":", "__", StringComparison.Ordinal)] = TestSilo.ConnectTimeout,
        };
        return environment;
    }

    /// <summary>The silo process whose silo port is where the grain is activated now.</summary>
    private static async Task<SiloProcess> HostOfAsync(IManagementGrain management, ISourceGrain grain, List<SiloProcess> silos)
    {
        var address = await Eventually.Until(
            async () => await management.GetActivationAddress(grain),
            a => a is not null,
            TimeSpan.FromSeconds(30),
            "the source grain's activation");
        return silos.Single(s => s.SiloPort == address!.Endpoint.Port);
    }

    /// <summary>An Orleans client like the gateway's client mode, with a short response timeout so calls routed to the dead silo fail fast.</summary>
    internal static async Task<IHost> StartClientAsync(string clusterId, string cs)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = "Testing", DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(TestSilo.Settings(clusterId, cs, siloPort: 1, gatewayPort: 1));
        builder.UseOrleansClient(client =>
        {
            client.AddKasparroClient();
            client.Configure<ClientMessagingOptions>(o => o.ResponseTimeout = TimeSpan.FromSeconds(5));
            client.Configure<GatewayOptions>(o => o.GatewayListRefreshPeriod = TimeSpan.FromSeconds(2));
        });
        var host = builder.Build();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await host.StartAsync(timeout.Token);
        return host;
    }

    /// <summary>Every checkpoint the test sees, to prove it never moves backwards.</summary>
    private sealed class CheckpointMonitor
    {
        private long _last;

        public List<string> Regressions { get; } = [];

        public async Task<SourceStatus> ObserveAsync(ISourceGrain grain)
        {
            var status = await grain.GetStatus();
            var now = status.Checkpoint.RecordsCommitted;
            if (now < _last)
            {
                Regressions.Add(string.Create(CultureInfo.InvariantCulture, $"{_last} -> {now}"));
            }

            _last = Math.Max(_last, now);
            return status;
        }
    }
}
