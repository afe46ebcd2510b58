using System.Diagnostics;
using System.Net;
using Kasparro.IntegrationTests.Clustering;
using Kasparro.IntegrationTests.Infrastructure;
using Npgsql;
using Xunit.Abstractions;

namespace Kasparro.IntegrationTests.Lifecycle;

/// <summary>
/// The host's shutdown timeout means what it says even with the database gone: a silo process and a
/// client-mode gateway whose database refuses every connection get SIGTERM and exit within
/// <c>shutdownTimeoutSeconds</c> plus a small margin. Without the bound, Orleans' membership agent
/// keeps trying to record the silo as Stopping, then as Dead, for a minute each.
/// </summary>
[Collection(nameof(FailoverRunsAlone))]
public sealed class ShutdownTimeoutTests(PostgresClusterFixture db, ITestOutputHelper output) : IClassFixture<PostgresClusterFixture>
{
    private const int ShutdownTimeoutSeconds = 6;

    /// <summary>Process exit after the host gave up: disposal, the runtime's own exit; generous for a busy machine.</summary>
    private static readonly TimeSpan Margin = TimeSpan.FromSeconds(6);

    [Fact]
    public async Task A_silo_and_a_gateway_exit_within_the_shutdown_timeout_while_the_database_refuses_connections()
    {
        var cs = await db.NewDatabaseAsync();
        var directory = Directory.CreateTempSubdirectory("kasparro-shutdown").FullName;
        var environment = new Dictionary<string, string>(FailoverTests.SiloEnvironment(
            PostgresClusterFixture.NewClusterId(), cs, MarketCsv.Write(Path.Combine(directory, "small.csv"), 20, 4)))
        {
            ["shutdownTimeoutSeconds"] = ShutdownTimeoutSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        var database = new NpgsqlConnectionStringBuilder(cs).Database!;
        using var silo = SiloProcess.Start("silo", directory, environment);
        SiloProcess? gateway = null;
        try
        {
            await Eventually.Until(silo.HealthAsync, s => s == HttpStatusCode.OK || silo.HasExited, TimeSpan.FromSeconds(120), "silo /health");
            gateway = SiloProcess.StartGateway("gateway", directory, environment);
            await Eventually.Until(gateway.HealthAsync, s => s == HttpStatusCode.OK || gateway.HasExited, TimeSpan.FromSeconds(120), "gateway /health");
            Assert.False(silo.HasExited || gateway.HasExited, silo.Tail() + gateway.Tail());

            await TestPostgres.AdminAsync($"ALTER DATABASE \"{database}\" ALLOW_CONNECTIONS false");
            await TestPostgres.AdminAsync($"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{database}'");
            // Both see the database gone before they are asked to stop.
            await Eventually.Until(silo.HealthAsync, s => s == HttpStatusCode.ServiceUnavailable, TimeSpan.FromSeconds(60), "silo /health 503");
            await Eventually.Until(gateway.HealthAsync, s => s == HttpStatusCode.ServiceUnavailable, TimeSpan.FromSeconds(60), "gateway /health 503");

            var limit = TimeSpan.FromSeconds(ShutdownTimeoutSeconds) + Margin;
            var stops = new[] { silo, gateway }.Select(p => Task.Run(() =>
            {
                var watch = Stopwatch.StartNew();
                p.StopGracefully(TimeSpan.FromMinutes(3));
                return (p.Name, watch.Elapsed);
            })).ToArray();
            foreach (var (name, took) in await Task.WhenAll(stops))
            {
                output.WriteLine($"{name} exited {took.TotalSeconds:0.0} s after SIGTERM (shutdown timeout {ShutdownTimeoutSeconds} s)");
                Assert.True(took <= limit, $"{name} took {took.TotalSeconds:0.0} s to exit after SIGTERM; the limit is {limit.TotalSeconds:0} s");
            }
        }
        catch
        {
            output.WriteLine(silo.Tail(60));
            output.WriteLine(gateway?.Tail(60));
            throw;
        }
        finally
        {
            await TestPostgres.AdminAsync($"ALTER DATABASE \"{database}\" ALLOW_CONNECTIONS true");
            gateway?.Dispose();
            Directory.Delete(directory, recursive: true);
        }
    }
}
