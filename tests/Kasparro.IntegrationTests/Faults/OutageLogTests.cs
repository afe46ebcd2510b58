using System.Net;
using System.Text.Json;
using Kasparro.Grains.Interfaces.Sources;
using Kasparro.IntegrationTests.Clustering;
using Kasparro.IntegrationTests.Gateway;
using Kasparro.IntegrationTests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;
using Orleans.Core.Internal;
using Xunit.Abstractions;

namespace Kasparro.IntegrationTests.Faults;

/// <summary>
/// What an outage writes to the log. A standalone gateway (gateway and silo in one process, one log)
/// serves a stream of requests while its database refuses connections: every request answers 503, the
/// gateway writes one warning line for each (method, path, status, cause, request id; no stack trace),
/// and the silo side adds a bounded number of entries, not one stack trace per request.
/// </summary>
public sealed class OutageLogTests(PostgresClusterFixture db, ITestOutputHelper output) : IClassFixture<PostgresClusterFixture>
{
    private const string ApiKey = "outage-log-key";
    private const int Requests = 40;

    [Fact]
    public async Task An_outage_writes_one_line_per_failed_request_and_no_flood_of_stack_traces()
    {
        var cs = await db.NewDatabaseAsync();
        var directory = Directory.CreateTempSubdirectory("kasparro-outage-log").FullName;
        var database = new NpgsqlConnectionStringBuilder(cs).Database!;
        var log = new CapturedLog();
        try
        {
            await using var standalone = GatewayFactory.Standalone(cs, extra: Settings(directory));
            await using var gateway = standalone.WithWebHostBuilder(b => b.ConfigureLogging(l => l.AddProvider(log)));
            using var http = gateway.CreateClient();
            await RunOnceAsync(http);

            await TestPostgres.AdminAsync($"ALTER DATABASE \"{database}\" ALLOW_CONNECTIONS false");
            await TestPostgres.AdminAsync($"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{database}'");
            NpgsqlConnection.ClearAllPools();
            // The source grain then has to activate for every request that needs it, and fails to read its state each time.
            await gateway.Services.GetRequiredService<IGrainFactory>().GetGrain<ISourceGrain>("faulty")
                .AsReference<IGrainManagementExtension>().DeactivateOnIdle();

            var mark = log.Mark;
            for (var i = 0; i < Requests; i++)
            {
                using var request = Request(i);
                using var answer = await http.SendAsync(request);
                Assert.True(answer.StatusCode == HttpStatusCode.ServiceUnavailable, $"{request.Method} {request.RequestUri} answered {(int)answer.StatusCode}");
            }

            var written = log.Since(mark);
            output.WriteLine($"{Requests} requests during the outage wrote {written.Count} entries at Warning or above ({written.Sum(e => e.Lines)} console lines):");
            foreach (var group in written.GroupBy(e => (e.Category, e.Level, e.Exception?.GetType().Name)).OrderByDescending(g => g.Count()))
            {
                output.WriteLine($"  {group.Count(),4} x {group.Key.Level} {group.Key.Category}{(group.Key.Name is null ? "" : $" with {group.Key.Name}")}: {group.First().Text}");
            }

            var perRequest = written.Where(e => e.Category == "Kasparro.Api.Http.ApiExceptionHandler").ToList();
            Assert.Equal(Requests, perRequest.Count);
            Assert.All(perRequest, e =>
            {
                Assert.Equal(LogLevel.Warning, e.Level);
                Assert.Null(e.Exception);
                Assert.Contains("answered 503", e.Text, StringComparison.Ordinal);
                Assert.Contains("DatabaseUnavailableException", e.Text, StringComparison.Ordinal);
                Assert.Matches("\\(request [0-9a-f]{32}\\)$", e.Text);
            });
            var rest = written.Except(perRequest).ToList();
            Assert.True(rest.Count(e => e.Exception is not null) <= 6, "stack traces beyond the gateway's lines:\n" + string.Join('\n', rest.Where(e => e.Exception is not null)));
            Assert.True(rest.Count <= 12, "entries beyond the gateway's lines:\n" + string.Join('\n', rest));
        }
        finally
        {
            await TestPostgres.AdminAsync($"ALTER DATABASE \"{database}\" ALLOW_CONNECTIONS true");
            Directory.Delete(directory, recursive: true);
        }
    }

    private static Dictionary<string, string?> Settings(string directory) => new()
    {
        ["Kasparro:Api:ApiKey"] = ApiKey,
        ["Kasparro:Queries:CacheDuration"] = "00:00:00",
        ["Kasparro:Sources:faulty:Kind"] = "Csv",
        ["Kasparro:Sources:faulty:Url"] = MarketCsv.Write(Path.Combine(directory, "faulty.csv"), 20, 5),
        ["Kasparro:Sources:faulty:Interval"] = "01:00:00",
    };

    private static HttpRequestMessage Request(int i)
    {
        string[] reads = ["/data", "/runs", "/sources", "/stats"];
        if (i % 5 < reads.Length)
        {
            return new HttpRequestMessage(HttpMethod.Get, reads[i % 5]);
        }

        var post = new HttpRequestMessage(HttpMethod.Post, "/sources/faulty/runs");
        post.Headers.Add("X-API-Key", ApiKey);
        return post;
    }

    private static async Task RunOnceAsync(HttpClient http)
    {
        using var post = new HttpRequestMessage(HttpMethod.Post, "/sources/faulty/runs");
        post.Headers.Add("X-API-Key", ApiKey);
        using var started = await http.SendAsync(post);
        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        using var run = JsonDocument.Parse(await started.Content.ReadAsStringAsync());
        var runId = run.RootElement.GetProperty("run_id").GetString();
        await Eventually.Until(
            async () =>
            {
                using var doc = JsonDocument.Parse(await http.GetStringAsync(new Uri($"/runs/{runId}", UriKind.Relative)));
                return doc.RootElement.GetProperty("status").GetString();
            },
            s => s is "success", TimeSpan.FromSeconds(60), "the first run to succeed");
    }
}
