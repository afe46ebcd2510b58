using System.Globalization;
using System.Net;
using System.Text.Json;
using Kasparro.Grains.Configuration;
using Kasparro.Hosting;
using Kasparro.IntegrationTests.Clustering;
using Kasparro.IntegrationTests.Gateway;
using Kasparro.IntegrationTests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Kasparro.IntegrationTests.Faults;

/// <summary>
/// The probes through ASP.NET Core's health checks, with the database refusing connections (through a
/// <see cref="TcpFaultProxy"/>): ready (database + cluster) says 503, live (no dependency) stays 200,
/// and ready answers 200 again once the database is back.
/// </summary>
public sealed class HealthProbeTests(PostgresClusterFixture db) : IClassFixture<PostgresClusterFixture>
{
    [Fact]
    public async Task Ready_follows_the_database_and_live_does_not()
    {
        var cs = await db.NewDatabaseAsync();
        var directory = Directory.CreateTempSubdirectory("kasparro-probes").FullName;
        try
        {
            await using var proxy = TcpFaultProxy.Start(cs);
            var settings = FaultRequests.Settings(directory);
            settings[StorageOptions.CommandTimeoutKey] = TimeSpan.FromSeconds(1).ToString("c", CultureInfo.InvariantCulture);
            await using var gateway = GatewayFactory.Standalone(proxy.Through(cs), extra: settings);
            using var http = gateway.CreateClient();
            var checks = gateway.Services.GetRequiredService<HealthCheckService>();

            await Eventually.Until(() => StatusAsync(http, "/health/ready"), s => s == HttpStatusCode.OK, TimeSpan.FromSeconds(30), "ready with the database up");
            var up = await checks.CheckHealthAsync(CancellationToken.None);
            Assert.Equal(
                [(KasparroHealthChecks.Cluster, HealthStatus.Healthy), (KasparroHealthChecks.Database, HealthStatus.Healthy), (KasparroHealthChecks.Process, HealthStatus.Healthy)],
                up.Entries.OrderBy(e => e.Key, StringComparer.Ordinal).Select(e => (e.Key, e.Value.Status)));

            proxy.Refuse();
            using (var ready = await http.GetAsync(new Uri("/health/ready", UriKind.Relative)))
            {
                using var body = JsonDocument.Parse(await ready.Content.ReadAsStringAsync());
                Assert.Equal((HttpStatusCode.ServiceUnavailable, "unhealthy"), (ready.StatusCode, body.RootElement.GetProperty("status").GetString()));
            }

            using (var live = await http.GetAsync(new Uri("/health/live", UriKind.Relative)))
            {
                using var body = JsonDocument.Parse(await live.Content.ReadAsStringAsync());
                Assert.Equal((HttpStatusCode.OK, "alive"), (live.StatusCode, body.RootElement.GetProperty("status").GetString()));
            }

            using (var health = await http.GetAsync(new Uri("/health", UriKind.Relative)))
            {
                using var body = JsonDocument.Parse(await health.Content.ReadAsStringAsync());
                Assert.Equal(HttpStatusCode.ServiceUnavailable, health.StatusCode);
                Assert.False(body.RootElement.GetProperty("database_reachable").GetBoolean());
                Assert.StartsWith("database unreachable", body.RootElement.GetProperty("problems")[0].GetString(), StringComparison.Ordinal);
            }

            var down = await checks.CheckHealthAsync(r => r.Name == KasparroHealthChecks.Database, CancellationToken.None);
            Assert.Equal(HealthStatus.Unhealthy, down.Status);

            proxy.Pass();
            await Eventually.Until(() => StatusAsync(http, "/health/ready"), s => s == HttpStatusCode.OK, TimeSpan.FromSeconds(60), "ready again with the database back");
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static async Task<HttpStatusCode> StatusAsync(HttpClient http, string path)
    {
        using var response = await http.GetAsync(new Uri(path, UriKind.Relative));
        return response.StatusCode;
    }
}
