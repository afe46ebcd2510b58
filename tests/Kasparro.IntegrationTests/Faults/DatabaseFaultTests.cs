using System.Net;
using Kasparro.Grains.Interfaces.Sources;
using Kasparro.IntegrationTests.Clustering;
using Kasparro.IntegrationTests.Gateway;
using Kasparro.IntegrationTests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Orleans.Core.Internal;

namespace Kasparro.IntegrationTests.Faults;

/// <summary>
/// The database refusing connections, through a standalone gateway and through a client-mode one:
/// both answer every request that needs the database with 503, <c>Retry-After</c> and a problem
/// body naming the database (never 500, never a host or port), and answer normally once it is back.
/// </summary>
public sealed class DatabaseFaultTests(PostgresClusterFixture db) : IClassFixture<PostgresClusterFixture>
{
    [Fact]
    public async Task Standalone_gateway_answers_503_while_the_database_refuses_and_recovers()
    {
        var cs = await db.NewDatabaseAsync();
        var directory = Directory.CreateTempSubdirectory("kasparro-faults").FullName;
        try
        {
            await using var gateway = GatewayFactory.Standalone(cs, extra: FaultRequests.Settings(directory));
            using var http = gateway.CreateClient();
            await RunFaultMatrixAsync(http, cs, gateway.Services);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public async Task Client_mode_gateway_answers_503_while_the_database_refuses_and_recovers()
    {
        var cs = await db.NewDatabaseAsync();
        var directory = Directory.CreateTempSubdirectory("kasparro-faults").FullName;
        try
        {
            var clusterId = PostgresClusterFixture.NewClusterId();
            var settings = FaultRequests.Settings(directory);
            await using var silo = await TestSilo.StartNetworkedAsync(clusterId, cs, extraSettings: settings);
            await using var gateway = GatewayFactory.Client(clusterId, cs, settings);
            using var http = gateway.CreateClient();
            await RunFaultMatrixAsync(http, cs, silo.Host.Services);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    /// <summary>Requests answer while the database is up, 503 while it refuses (twice: grains active, then activating), and again once it is back; <paramref name="siloServices"/> are those of the only silo.</summary>
    private static async Task RunFaultMatrixAsync(HttpClient http, string cs, IServiceProvider siloServices)
    {
        var runId = await FaultRequests.FirstRunAsync(http);
        var requests = FaultRequests.Requests(runId);
        foreach (var (name, make) in requests)
        {
            using var up = await http.SendAsync(make());
            Assert.True(up.IsSuccessStatusCode, $"{name} answered {(int)up.StatusCode} with the database up");
        }

        await FaultRequests.NoRunRunningAsync(http);
        var database = new NpgsqlConnectionStringBuilder(cs).Database!;
        await TestPostgres.AdminAsync($"ALTER DATABASE \"{database}\" ALLOW_CONNECTIONS false");
        try
        {
            await TestPostgres.AdminAsync($"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{database}'");
            NpgsqlConnection.ClearAllPools();
            // Active grains fail inside their methods; then, with every grain deactivated, the
            // source grain fails while it activates (its state cannot be read), another path.
            await AssertAllUnavailableAsync(http, cs, requests, "with active grains");
            // The source grain keeps itself alive with its schedule timer, so only an explicit
            // deactivation makes the next call activate it (and fail to read its state).
            await siloServices.GetRequiredService<IGrainFactory>().GetGrain<ISourceGrain>("faulty")
                .AsReference<IGrainManagementExtension>().DeactivateOnIdle();

            await AssertAllUnavailableAsync(http, cs, requests, "with grains activating");
        }
        finally
        {
            await TestPostgres.AdminAsync($"ALTER DATABASE \"{database}\" ALLOW_CONNECTIONS true");
        }

        foreach (var (name, make) in requests)
        {
            await Eventually.Until(
                async () =>
                {
                    using var back = await http.SendAsync(make());
                    return back.StatusCode;
                },
                s => s is HttpStatusCode.OK or HttpStatusCode.Accepted, TimeSpan.FromSeconds(60), $"{name} to answer again with the database back");
        }
    }

    private static async Task AssertAllUnavailableAsync(
        HttpClient http, string cs, (string Name, Func<HttpRequestMessage> Make)[] requests, string when)
    {
        foreach (var (name, make) in requests)
        {
            using var request = make();
            var (_, body, _, response) = await FaultRequests.TimedAsync(http, request);
            using (response)
            {
                FaultRequests.AssertDatabaseUnavailable(response, body, cs, $"{name} with the database down {when}");
            }
        }
    }
}
