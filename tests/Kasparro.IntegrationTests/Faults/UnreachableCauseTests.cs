using System.Net;
using System.Text.Json;
using Kasparro.IntegrationTests.Clustering;
using Kasparro.IntegrationTests.Infrastructure;
using Npgsql;
using Xunit.Abstractions;

namespace Kasparro.IntegrationTests.Faults;

/// <summary>
/// Which cause a 503 names when a client-mode gateway can reach no silo. With the database up it is
/// the cluster; with the database down too it is the database, which the gateway finds the silos
/// through and without which no silo can come back (a POST used to say "the cluster cannot be reached"
/// then).
/// </summary>
[Collection(nameof(FailoverRunsAlone))]
public sealed class UnreachableCauseTests(PostgresClusterFixture db, ITestOutputHelper output) : IClassFixture<PostgresClusterFixture>
{
    [Fact]
    public async Task A_gateway_without_silos_names_the_cluster_and_with_the_database_down_names_the_database()
    {
        var cs = await db.NewDatabaseAsync();
        var directory = Directory.CreateTempSubdirectory("kasparro-cause").FullName;
        var database = new NpgsqlConnectionStringBuilder(cs).Database!;
        var environment = FailoverTests.SiloEnvironment(
            PostgresClusterFixture.NewClusterId(), cs, MarketCsv.Write(Path.Combine(directory, "small.csv"), 20, 4));
        // A short read budget: no silo comes back in this test, and every GET waits for it.
        environment["Kasparro__Cluster__ReadRetry__Budget"] = "00:00:01";
        using var silo = SiloProcess.Start("silo", directory, environment);
        using var gateway = SiloProcess.StartGateway("gateway", directory, environment);
        try
        {
            await Eventually.Until(silo.HealthAsync, s => s == HttpStatusCode.OK || silo.HasExited, TimeSpan.FromSeconds(120), "silo /health");
            await Eventually.Until(gateway.HealthAsync, s => s == HttpStatusCode.OK || gateway.HasExited, TimeSpan.FromSeconds(120), "gateway /health");
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{gateway.HttpPort}"), Timeout = TimeSpan.FromSeconds(60) };
            http.DefaultRequestHeaders.Add("X-API-Key", FailoverTests.ApiKey);

            silo.KillHard();
            var cluster = await Eventually.Until(() => DetailAsync(http, HttpMethod.Post, "/sources/big/runs"), d => d.Status == 503, TimeSpan.FromSeconds(60), "POST 503 without silos");
            output.WriteLine($"database up, no silo: {cluster}");
            Assert.Equal("The cluster cannot be reached; try again.", cluster.Detail);

            await TestPostgres.AdminAsync($"ALTER DATABASE \"{database}\" ALLOW_CONNECTIONS false");
            await TestPostgres.AdminAsync($"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{database}'");
            // The gateway's last look at the database is reused for a few seconds.
            var post = await Eventually.Until(
                () => DetailAsync(http, HttpMethod.Post, "/sources/big/runs"), d => d.Detail.Contains("database", StringComparison.Ordinal), TimeSpan.FromSeconds(30), "POST to name the database");
            var get = await DetailAsync(http, HttpMethod.Get, "/data");
            output.WriteLine($"database down, no silo: POST {post}; GET /data {get}");
            Assert.Equal((503, "The database cannot be reached; try again."), (post.Status, post.Detail));
            Assert.Equal((503, "The database cannot be reached; try again."), (get.Status, get.Detail));
        }
        catch
        {
            output.WriteLine(gateway.Tail(40));
            throw;
        }
        finally
        {
            await TestPostgres.AdminAsync($"ALTER DATABASE \"{database}\" ALLOW_CONNECTIONS true");
            gateway.Dispose();
            Directory.Delete(directory, recursive: true);
        }
    }

    private static async Task<(int Status, string Detail)> DetailAsync(HttpClient http, HttpMethod method, string path)
    {
        using var request = new HttpRequestMessage(method, path);
        using var response = await http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        using var doc = JsonDocument.Parse(body);
        return ((int)response.StatusCode, doc.RootElement.TryGetProperty("detail", out var detail) ? detail.GetString() ?? "" : "");
    }
}
