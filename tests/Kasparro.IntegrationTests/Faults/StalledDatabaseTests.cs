using System.Globalization;
using System.Net;
using Kasparro.Grains.Configuration;
using Kasparro.Grains.Interfaces.Sources;
using Kasparro.IntegrationTests.Clustering;
using Kasparro.IntegrationTests.Gateway;
using Kasparro.IntegrationTests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Core.Internal;
using Xunit.Abstractions;

namespace Kasparro.IntegrationTests.Faults;

/// <summary>
/// A database that stalls (a frozen server: connections stay open and nothing answers), between the
/// application and the test server through a <see cref="TcpFaultProxy"/>: every request that needs
/// the database answers 503 within the command timeout and a second, through a standalone gateway
/// and through a client-mode one, whether its grains are active or activating; /health says 503 as
/// quickly; and everything answers again once the stall ends.
/// </summary>
public sealed class StalledDatabaseTests(PostgresClusterFixture db, ITestOutputHelper output) : IClassFixture<PostgresClusterFixture>
{
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(1);

    /// <summary>
    /// The promise is a 503 well under a second after the command timeout (measured alone: 1.00 to
    /// 1.34 s with a 1 s timeout, printed by the test); the bound leaves room for a 2-core CI machine
    /// running other test classes beside this one, and still fails the 10 to 20 s hang it replaced.
    /// </summary>
    private static readonly TimeSpan Allowed = CommandTimeout + TimeSpan.FromSeconds(2.5);

    [Fact]
    public async Task Standalone_gateway_answers_503_within_the_command_timeout_while_the_database_stalls()
    {
        var cs = await db.NewDatabaseAsync();
        var directory = Directory.CreateTempSubdirectory("kasparro-stall").FullName;
        try
        {
            await using var proxy = TcpFaultProxy.Start(cs);
            await using var gateway = GatewayFactory.Standalone(proxy.Through(cs), extra: Settings(directory));
            using var http = gateway.CreateClient();
            await RunStallMatrixAsync(http, proxy, cs, gateway.Services, "standalone");
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public async Task Client_mode_gateway_answers_503_within_the_command_timeout_while_the_database_stalls()
    {
        var cs = await db.NewDatabaseAsync();
        var directory = Directory.CreateTempSubdirectory("kasparro-stall").FullName;
        try
        {
            await using var proxy = TcpFaultProxy.Start(cs);
            var clusterId = PostgresClusterFixture.NewClusterId();
            var settings = Settings(directory);
            await using var silo = await TestSilo.StartAsync(clusterId, proxy.Through(cs), extraSettings: settings);
            await using var gateway = GatewayFactory.Client(clusterId, proxy.Through(cs), settings);
            using var http = gateway.CreateClient();
            await RunStallMatrixAsync(http, proxy, cs, silo.Host.Services, "client mode");
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static Dictionary<string, string?> Settings(string directory)
    {
        var settings = FaultRequests.Settings(directory);
        settings[StorageOptions.CommandTimeoutKey] = CommandTimeout.ToString("c", CultureInfo.InvariantCulture);
        return settings;
    }

    private async Task RunStallMatrixAsync(HttpClient http, TcpFaultProxy proxy, string cs, IServiceProvider siloServices, string mode)
    {
        var runId = await FaultRequests.FirstRunAsync(http);
        var requests = FaultRequests.Requests(runId);
        foreach (var (name, make) in requests)
        {
            using var up = await http.SendAsync(make());
            Assert.True(up.IsSuccessStatusCode, $"{name} answered {(int)up.StatusCode} with the database up");
        }

        await FaultRequests.NoRunRunningAsync(http);
        await Eventually.Until(
            async () => (await http.GetAsync(new Uri("/health", UriKind.Relative))).StatusCode,
            s => s == HttpStatusCode.OK, TimeSpan.FromSeconds(30), "/health to answer 200 with the database up");

        var took = new List<(string Name, TimeSpan Took)>();
        proxy.Stall();
        try
        {
            await AssertUnavailableInTimeAsync(http, cs, requests, took, "with active grains");
            // The source grain keeps itself alive with its schedule timer: only an explicit
            // deactivation makes the next call activate it, and read its state from the stalled database.
            await siloServices.GetRequiredService<IGrainFactory>().GetGrain<ISourceGrain>("faulty")
                .AsReference<IGrainManagementExtension>().DeactivateOnIdle();
            await AssertUnavailableInTimeAsync(http, cs, requests, took, "with grains activating");
        }
        finally
        {
            proxy.Pass();
            output.WriteLine($"{mode}, command timeout {CommandTimeout.TotalSeconds:0} s, stalled database:");
            foreach (var (name, time) in took)
            {
                output.WriteLine($"  {name}: 503 after {time.TotalMilliseconds:0} ms");
            }
        }

        foreach (var (name, make) in requests)
        {
            await Eventually.Until(
                async () =>
                {
                    using var back = await http.SendAsync(make());
                    return back.StatusCode;
                },
                s => s is HttpStatusCode.OK or HttpStatusCode.Accepted, TimeSpan.FromSeconds(60), $"{name} to answer again after the stall");
        }

        await Eventually.Until(
            async () => (await http.GetAsync(new Uri("/health", UriKind.Relative))).StatusCode,
            s => s == HttpStatusCode.OK, TimeSpan.FromSeconds(60), "/health to answer 200 after the stall");
    }

    private static async Task AssertUnavailableInTimeAsync(
        HttpClient http, string cs, (string Name, Func<HttpRequestMessage> Make)[] requests, List<(string, TimeSpan)> took, string when)
    {
        foreach (var (name, make) in requests)
        {
            using var request = make();
            var (_, body, time, response) = await FaultRequests.TimedAsync(http, request);
            using (response)
            {
                took.Add(($"{name} {when}", time));
                FaultRequests.AssertDatabaseUnavailable(response, body, cs, $"{name} with the database stalled {when}");
                Assert.True(time <= Allowed, $"{name} {when} took {time.TotalMilliseconds:0} ms to say 503 (allowed {Allowed.TotalMilliseconds:0} ms)");
            }
        }

        using var health = new HttpRequestMessage(HttpMethod.Get, "/health");
        var (status, healthBody, healthTook, healthResponse) = await FaultRequests.TimedAsync(http, health);
        healthResponse.Dispose();
        took.Add(($"GET /health {when}", healthTook));
        Assert.True(status == HttpStatusCode.ServiceUnavailable, $"/health answered {(int)status} with the database stalled {when}: {healthBody}");
        Assert.True(healthTook <= Allowed, $"/health {when} took {healthTook.TotalMilliseconds:0} ms to say 503 (allowed {Allowed.TotalMilliseconds:0} ms)");
    }
}
