using System.Net;
using System.Text.Json;
using Kasparro.IntegrationTests.Clustering;
using Kasparro.IntegrationTests.Gateway;
using Kasparro.IntegrationTests.Infrastructure;

namespace Kasparro.IntegrationTests.Faults;

/// <summary>
/// Every pooled connection dies at once, as when the database restarts between two requests: the
/// next requests all succeed (a dead pooled connection is found, the pool dropped and the work done
/// on a fresh one), through a standalone gateway and through a client-mode one, and the run they
/// start writes its batches.
/// </summary>
public sealed class SeveredConnectionTests(PostgresClusterFixture db) : IClassFixture<PostgresClusterFixture>
{
    [Fact]
    public async Task Standalone_gateway_answers_every_request_after_the_pooled_connections_died()
    {
        var cs = await db.NewDatabaseAsync();
        var directory = Directory.CreateTempSubdirectory("kasparro-severed").FullName;
        try
        {
            await using var proxy = TcpFaultProxy.Start(cs);
            await using var gateway = GatewayFactory.Standalone(proxy.Through(cs), extra: FaultRequests.Settings(directory));
            using var http = gateway.CreateClient();
            await RunAfterSeveringAsync(http, proxy, directory);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public async Task Client_mode_gateway_answers_every_request_after_the_pooled_connections_died()
    {
        var cs = await db.NewDatabaseAsync();
        var directory = Directory.CreateTempSubdirectory("kasparro-severed").FullName;
        try
        {
            await using var proxy = TcpFaultProxy.Start(cs);
            var clusterId = PostgresClusterFixture.NewClusterId();
            var settings = FaultRequests.Settings(directory);
            await using var silo = await TestSilo.StartNetworkedAsync(clusterId, proxy.Through(cs), extraSettings: settings);
            await using var gateway = GatewayFactory.Client(clusterId, proxy.Through(cs), settings);
            using var http = gateway.CreateClient();
            await RunAfterSeveringAsync(http, proxy, directory);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static async Task RunAfterSeveringAsync(HttpClient http, TcpFaultProxy proxy, string directory)
    {
        var runId = await FaultRequests.FirstRunAsync(http);
        // New rows for the next run to write: its batch transaction meets a dead pooled connection.
        MarketCsv.Append(Path.Combine(directory, "faulty.csv"), 20, 40, 5);
        (string Name, Func<HttpRequestMessage> Make)[] requests =
        [
            .. FaultRequests.Requests(runId),
            ("GET /health", () => new HttpRequestMessage(HttpMethod.Get, "/health")),
        ];

        // Every pool gets idle connections: the stores', the grain state's, the health probe's.
        foreach (var (name, make) in requests.Where(r => !r.Name.StartsWith("POST", StringComparison.Ordinal)))
        {
            using var up = await http.SendAsync(make());
            Assert.True(up.IsSuccessStatusCode, $"{name} answered {(int)up.StatusCode} before the connections died");
        }

        var before = proxy.Accepted;
        proxy.SeverAll();

        string? secondRun = null;
        foreach (var (name, make) in requests)
        {
            using var response = await http.SendAsync(make());
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(response.IsSuccessStatusCode, $"{name} answered {(int)response.StatusCode} after the pooled connections died: {body}");
            if (name.StartsWith("POST", StringComparison.Ordinal))
            {
                using var run = JsonDocument.Parse(body);
                secondRun = run.RootElement.GetProperty("run_id").GetString();
            }
        }

        // The answers came over new connections, not from anything cached.
        Assert.True(proxy.Accepted > before, "no new connection was opened after the old ones died");

        // The run started after the restart writes its batches (the batch writes' pool was dead too).
        await Eventually.Until(
            async () =>
            {
                using var doc = JsonDocument.Parse(await http.GetStringAsync(new Uri($"/runs/{secondRun}", UriKind.Relative)));
                return doc.RootElement.GetProperty("status").GetString();
            },
            s => s is "success" or "failed", TimeSpan.FromSeconds(60), "the run started after the restart to end");
        using var final = JsonDocument.Parse(await http.GetStringAsync(new Uri($"/runs/{secondRun}", UriKind.Relative)));
        Assert.Equal("success", final.RootElement.GetProperty("status").GetString());
        Assert.True(final.RootElement.GetProperty("records_written").GetInt64() > 0, $"the run wrote nothing: {final.RootElement}");
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(new Uri("/health", UriKind.Relative))).StatusCode);
    }
}
