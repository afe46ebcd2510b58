using System.Net;
using System.Text.Json;
using Kasparro.Grains.Interfaces.Runs;
using Kasparro.Grains.Interfaces.Sources;
using Kasparro.IntegrationTests.Clustering;
using Kasparro.IntegrationTests.Gateway;
using Kasparro.IntegrationTests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Kasparro.IntegrationTests.Lifecycle;

/// <summary>
/// A run that rejects (nearly) everything succeeds, but is unhealthy: it carries
/// <c>high_rejection_rate</c>, and /health shows its source degraded with the reason (200, like a
/// failed last run) until a healthy run clears it.
/// </summary>
public sealed class RunHealthTests(PostgresClusterFixture db) : IClassFixture<PostgresClusterFixture>
{
    private const string Header = "id,symbol,name,price,market_cap,volume_24h,price_change_24h,timestamp";

    [Fact]
    public async Task A_run_rejecting_every_record_degrades_its_source_until_a_healthy_run()
    {
        var cs = await db.NewDatabaseAsync();
        var directory = Directory.CreateTempSubdirectory("kasparro-health").FullName;
        var file = Path.Combine(directory, "bad.csv");
        File.WriteAllLines(file, [Header, .. Enumerable.Range(0, 20).Select(i => Row(i, "abc"))]);
        try
        {
            await using var gateway = GatewayFactory.Standalone(cs, extra: new Dictionary<string, string?>
            {
                ["Kasparro:Sources:bad:Kind"] = "Csv",
                ["Kasparro:Sources:bad:Url"] = file,
                ["Kasparro:Sources:bad:Interval"] = "01:00:00",
            });
            using var http = gateway.CreateClient();
            var grain = gateway.Services.GetRequiredService<IGrainFactory>().GetGrain<ISourceGrain>("bad");

            var rejecting = await RunAsync(grain);
            Assert.Equal(RunStatus.Success, rejecting.Status);
            Assert.Equal((20L, 0L, 20L), (rejecting.RecordsRead, rejecting.RecordsWritten, rejecting.RecordsRejected));
            var anomaly = Assert.Single(rejecting.Anomalies, a => a.Rule == AnomalyRules.HighRejectionRate);
            Assert.Equal(1.0, anomaly.Values["rejection_rate"]);

            var (status, health) = await HealthAsync(http);
            Assert.Equal(HttpStatusCode.OK, status);
            Assert.Equal("degraded", health.GetProperty("status").GetString());
            var bad = health.GetProperty("etl_status").GetProperty("bad");
            Assert.Equal("degraded", bad.GetProperty("status").GetString());
            Assert.StartsWith("high_rejection_rate: ", bad.GetProperty("reason").GetString(), StringComparison.Ordinal);
            Assert.Contains(health.GetProperty("problems").EnumerateArray(),
                p => p.GetString()!.StartsWith("source 'bad': degraded (high_rejection_rate", StringComparison.Ordinal));
            var logged = await TestPostgres.ScalarAsync<string>(cs, $"SELECT anomalies::text FROM run_log WHERE run_id = '{rejecting.RunId}'");
            Assert.Contains("high_rejection_rate", logged, StringComparison.Ordinal);

            // 3 of the next 10 rejected: 30%, under the default limit of 50%.
            File.AppendAllLines(file, Enumerable.Range(20, 10).Select(i => Row(i, i < 23 ? "abc" : "1.5")));
            var healthy = await RunAsync(grain);
            Assert.Equal((10L, 7L, 3L), (healthy.RecordsRead, healthy.RecordsWritten, healthy.RecordsRejected));
            Assert.DoesNotContain(healthy.Anomalies, a => a.Rule == AnomalyRules.HighRejectionRate);

            (status, health) = await HealthAsync(http);
            Assert.Equal(HttpStatusCode.OK, status);
            Assert.Equal("healthy", health.GetProperty("status").GetString());
            Assert.Equal("success", health.GetProperty("etl_status").GetProperty("bad").GetProperty("status").GetString());
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public async Task The_limit_is_per_source()
    {
        var cs = await db.NewDatabaseAsync();
        var directory = Directory.CreateTempSubdirectory("kasparro-limit").FullName;
        var file = Path.Combine(directory, "some.csv");
        // 3 of 10 rejected: healthy under the default, unhealthy under a limit of 20%.
        File.WriteAllLines(file, [Header, .. Enumerable.Range(0, 10).Select(i => Row(i, i < 3 ? "abc" : "2"))]);
        try
        {
            await using var gateway = GatewayFactory.Standalone(cs, extra: new Dictionary<string, string?>
            {
                ["Kasparro:Sources:strict:Kind"] = "Csv",
                ["Kasparro:Sources:strict:Url"] = file,
                ["Kasparro:Sources:strict:Interval"] = "01:00:00",
                ["Kasparro:Sources:strict:MaxRejectionRate"] = "0.2",
                ["Kasparro:Sources:default:Kind"] = "Csv",
                ["Kasparro:Sources:default:Url"] = file,
                ["Kasparro:Sources:default:Interval"] = "01:00:00",
            });
            using var http = gateway.CreateClient();
            var grains = gateway.Services.GetRequiredService<IGrainFactory>();

            var strict = await RunAsync(grains.GetGrain<ISourceGrain>("strict"));
            var lenient = await RunAsync(grains.GetGrain<ISourceGrain>("default"));

            var anomaly = Assert.Single(strict.Anomalies, a => a.Rule == AnomalyRules.HighRejectionRate);
            Assert.Equal(0.2, anomaly.Values["max_rejection_rate"]);
            Assert.DoesNotContain(lenient.Anomalies, a => a.Rule == AnomalyRules.HighRejectionRate);
            var (_, health) = await HealthAsync(http);
            Assert.Equal("degraded", health.GetProperty("etl_status").GetProperty("strict").GetProperty("status").GetString());
            Assert.Equal("success", health.GetProperty("etl_status").GetProperty("default").GetProperty("status").GetString());
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static string Row(int i, string price) => $"coin-{i},c{i},Coin {i},{price},1000,10,1,2024-01-01T00:{i % 60:00}:00Z";

    private static async Task<RunInfo> RunAsync(ISourceGrain grain)
    {
        var started = await grain.TriggerRun();
        return await Eventually.Until(async () => (await grain.GetRun(started.RunId))!, r => r.Status != RunStatus.Running, TimeSpan.FromSeconds(60), "the run to end");
    }

    private static async Task<(HttpStatusCode Status, JsonElement Body)> HealthAsync(HttpClient http)
    {
        using var response = await http.GetAsync(new Uri("/health", UriKind.Relative));
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return (response.StatusCode, document.RootElement.Clone());
    }
}
