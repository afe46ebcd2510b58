using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Kasparro.Grains.Interfaces.Sources;
using Kasparro.IntegrationTests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Kasparro.IntegrationTests.Clustering;

/// <summary>
/// A silo killed (SIGKILL) while a gateway serves a steady stream of <c>GET /runs</c>, <c>/sources</c>
/// and <c>/data</c>: no answer in the 5xx class, and <c>/health</c> says <c>degraded</c> from the kill
/// until the cluster has settled, <c>healthy</c> after. Once through a client-mode gateway in front of
/// three silo processes, once through a standalone gateway whose co-hosted silo shares its cluster
/// with two silo processes. Every process is real; membership timings are the loopback test values.
/// </summary>
[Collection(nameof(FailoverRunsAlone))]
public sealed class SiloLossReadTests(PostgresClusterFixture db, ITestOutputHelper output) : IClassFixture<PostgresClusterFixture>
{
    private static readonly string[] Sources = ["s0", "s1", "s2"];
    private static readonly string[] Reads = ["/runs", "/sources", "/data"];

    /// <summary>How long /health stays degraded after a death in these tests (the default is a minute).</summary>
    private const string DeathWindow = "00:00:04";

    [Fact]
    public Task Client_mode_gateway_serves_every_read_while_a_silo_dies() => RunAsync(standalone: false);

    [Fact]
    public Task Standalone_gateway_serves_every_read_while_another_silo_of_its_cluster_dies() => RunAsync(standalone: true);

    private async Task RunAsync(bool standalone)
    {
        var clock = Stopwatch.StartNew();
        var cs = await db.NewDatabaseAsync();
        var clusterId = PostgresClusterFixture.NewClusterId();
        var directory = Directory.CreateTempSubdirectory("kasparro-silo-loss").FullName;
        var silos = new List<SiloProcess>();
        SiloProcess? gateway = null;
        try
        {
            var environment = Environment(clusterId, cs, directory);
            for (var i = 0; i < (standalone ? 2 : 3); i++)
            {
                silos.Add(SiloProcess.Start($"silo-{i}", directory, environment));
            }

            foreach (var silo in silos)
            {
                await Eventually.Until(silo.HealthAsync, s => s == HttpStatusCode.OK || silo.HasExited, TimeSpan.FromSeconds(120), $"{silo.Name} /health");
                Assert.False(silo.HasExited, silo.Tail());
            }

            gateway = standalone
                ? SiloProcess.StartStandaloneGateway("gateway", directory, environment)
                : SiloProcess.StartGateway("gateway", directory, environment);
            await Eventually.Until(gateway.HealthAsync, s => s == HttpStatusCode.OK || gateway.HasExited, TimeSpan.FromSeconds(120), "gateway /health");
            Assert.False(gateway.HasExited, gateway.Tail());
            var baseAddress = new Uri($"http://127.0.0.1:{gateway.HttpPort}");
            await RunOnceAsync(baseAddress);
            output.WriteLine($"{clock.Elapsed.TotalSeconds:0.0} s: cluster up, {Sources[0]} ran once");

            using var client = await FailoverTests.StartClientAsync(clusterId, cs);
            var victim = await VictimAsync(client.Services.GetRequiredService<IClusterClient>(), silos);

            await using var health = new HealthWatch(baseAddress, clock);
            await using var reads = new SteadyReads(baseAddress, clock, Reads);
            await Eventually.Until(
                () => Task.FromResult(Reads.Min(p => reads.SuccessesSince(p, TimeSpan.Zero))), n => n >= 5, TimeSpan.FromSeconds(60), "reads to flow");
            await Eventually.Until(() => Task.FromResult(health.LatestSince(TimeSpan.Zero)), s => s?.Status == "healthy", TimeSpan.FromSeconds(60), "/health healthy before the kill");
            Assert.Empty(reads.Failures);

            victim.KillHard();
            var killedAt = clock.Elapsed;
            output.WriteLine($"{killedAt.TotalSeconds:0.0} s: killed {victim.Name} (silo port {victim.SiloPort})");

            var declaredDead = await Eventually.Until(
                () => MembershipStatusAsync(cs, clusterId, victim.SiloPort), s => s == 6, TimeSpan.FromSeconds(60), $"{victim.Name} declared dead");
            var deadAt = clock.Elapsed;
            output.WriteLine($"{deadAt.TotalSeconds:0.0} s: {victim.Name} is Dead in the membership table ({(deadAt - killedAt).TotalSeconds:0.0} s after the kill)");

            var healthyAgain = await Eventually.Until(
                () => Task.FromResult(health.LatestSince(deadAt)), s => s?.Status == "healthy", TimeSpan.FromSeconds(60), "/health healthy again");
            await Eventually.Until(
                () => Task.FromResult(Reads.Min(p => reads.SuccessesSince(p, healthyAgain!.At))), n => n >= 5, TimeSpan.FromSeconds(60), "reads after recovery");
            await reads.StopAsync();

            var answers = reads.Answers.ToList();
            var afterKill = answers.Where(a => a.At >= killedAt).ToList();
            output.WriteLine($"{answers.Count} reads, {afterKill.Count} after the kill; {reads.Failures.Count} failed; " +
                $"slowest after the kill {afterKill.Max(a => a.Took).TotalMilliseconds:0} ms; " +
                $"health healthy again {(healthyAgain!.At - killedAt).TotalSeconds:0.0} s after the kill");
            foreach (var path in Reads)
            {
                var mine = afterKill.Where(a => a.Path == path).ToList();
                output.WriteLine($"  {path}: {mine.Count} after the kill, slowest {mine.Max(a => a.Took).TotalMilliseconds:0} ms");
            }

            foreach (var sample in health.Samples.Where(s => s.At >= killedAt - TimeSpan.FromSeconds(1) && s.At <= healthyAgain.At))
            {
                output.WriteLine($"  health {sample}");
            }

            Assert.True(reads.Failures.Count == 0, "reads failed:\n" + string.Join('\n', reads.Failures));
            // From the kill until the table declares the silo dead, /health must not call the cluster healthy.
            var falseHealthy = health.Samples.Where(s => s.At >= killedAt + TimeSpan.FromSeconds(0.5) && s.At < deadAt && s.Status == "healthy").ToList();
            Assert.True(falseHealthy.Count == 0, "healthy while a silo was dead but not yet declared:\n" + string.Join('\n', falseHealthy));
            var degraded = health.Samples.Where(s => s.At >= killedAt && s.At <= healthyAgain.At && s.Status == "degraded").ToList();
            Assert.Contains(degraded, s => s.Problems.Any(p => p.Contains(victim.SiloPort.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)));
            Assert.DoesNotContain(health.Samples, s => s.At >= killedAt && s.Http >= 500);
            Assert.Equal(6, declaredDead);
        }
        catch
        {
            foreach (var process in silos.Append(gateway).OfType<SiloProcess>())
            {
                output.WriteLine(process.Tail(60));
            }

            throw;
        }
        finally
        {
            foreach (var process in silos.Append(gateway).OfType<SiloProcess>())
            {
                process.Dispose();
            }

            Directory.Delete(directory, recursive: true);
        }
    }

    private static Dictionary<string, string> Environment(string clusterId, string cs, string directory)
    {
        var file = MarketCsv.Write(Path.Combine(directory, "small.csv"), 40, 8);
        var environment = FailoverTests.SiloEnvironment(clusterId, cs, file, Sources[0]);
        foreach (var source in Sources.Skip(1))
        {
            environment[$"Kasparro__Sources__{source}__Kind"] = "Csv";
            environment[$"Kasparro__Sources__{source}__Url"] = file;
            environment[$"Kasparro__Sources__{source}__Interval"] = "01:00:00";
        }

        environment["Kasparro__Health__DegradedAfterSiloDeath"] = DeathWindow;
        // Every read asks the database and the grains: a cached answer would hide the fault.
        environment["Kasparro__Queries__CacheDuration"] = "00:00:00";
        return environment;
    }

    /// <summary>One run, so /runs and /data have rows to read (the other sources are only active).</summary>
    private static async Task RunOnceAsync(Uri baseAddress)
    {
        using var http = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) };
        http.DefaultRequestHeaders.Add("X-API-Key", FailoverTests.ApiKey);
        using var started = await http.PostAsync(new Uri($"/sources/{Sources[0]}/runs", UriKind.Relative), content: null);
        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        var runId = (await started.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("run_id").GetString();
        await Eventually.Until(
            async () => (await http.GetFromJsonAsync<JsonElement>(new Uri($"/runs/{runId}", UriKind.Relative))).GetProperty("status").GetString(),
            s => s == "success", TimeSpan.FromSeconds(60), $"the first run of {Sources[0]}");
    }

    /// <summary>A silo process that hosts at least one source grain (the first silo process if none does).</summary>
    private static async Task<SiloProcess> VictimAsync(IClusterClient client, List<SiloProcess> silos)
    {
        var management = client.GetGrain<IManagementGrain>(0);
        foreach (var source in Sources)
        {
            var address = await management.GetActivationAddress(client.GetGrain<ISourceGrain>(source));
            if (silos.FirstOrDefault(s => s.SiloPort == address?.Endpoint.Port) is { } host)
            {
                return host;
            }
        }

        return silos[0];
    }

    /// <summary>The status the membership table holds for the silo on <paramref name="port"/> (6 is Dead).</summary>
    private static Task<int> MembershipStatusAsync(string cs, string clusterId, int port) =>
        TestPostgres.ScalarAsync<int>(cs, $"SELECT status FROM orleansmembershiptable WHERE deploymentid = '{clusterId}' AND port = {port} ORDER BY generation DESC LIMIT 1");
}
