using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Kasparro.IntegrationTests.Infrastructure;
using Npgsql;

namespace Kasparro.IntegrationTests.Faults;

/// <summary>
/// The fault matrix's requests (every endpoint that needs the database), the settings of the
/// source they read, and what a database outage must look like in an answer.
/// </summary>
public static class FaultRequests
{
    public const string ApiKey = "fault-key-123";

    /// <summary>A CSV source named <c>faulty</c> in <paramref name="directory"/>, a key for POST, and no query cache.</summary>
    public static Dictionary<string, string?> Settings(string directory)
    {
        var file = MarketCsv.Write(Path.Combine(directory, "faulty.csv"), 20, 5);
        return new()
        {
            ["Kasparro:Api:ApiKey"] = ApiKey,
            // Every read goes to the database: a cached answer would hide the fault.
            ["Kasparro:Queries:CacheDuration"] = "00:00:00",
            ["Kasparro:Sources:faulty:Kind"] = "Csv",
            ["Kasparro:Sources:faulty:Url"] = file,
            ["Kasparro:Sources:faulty:Interval"] = "01:00:00",
        };
    }

    public static (string Name, Func<HttpRequestMessage> Make)[] Requests(string runId) =>
    [
        ("GET /data", () => new HttpRequestMessage(HttpMethod.Get, "/data")),
        ("GET /runs", () => new HttpRequestMessage(HttpMethod.Get, "/runs")),
        ($"GET /runs/{runId}", () => new HttpRequestMessage(HttpMethod.Get, $"/runs/{runId}")),
        ("GET /stats", () => new HttpRequestMessage(HttpMethod.Get, "/stats")),
        ("POST /sources/faulty/runs", () =>
        {
            var post = new HttpRequestMessage(HttpMethod.Post, "/sources/faulty/runs");
            post.Headers.Add("X-API-Key", ApiKey);
            return post;
        }),
    ];

    /// <summary>Triggers a run and waits for it to end, so there is a run id and data to ask for.</summary>
    public static async Task<string> FirstRunAsync(HttpClient http)
    {
        ArgumentNullException.ThrowIfNull(http);
        using var post = new HttpRequestMessage(HttpMethod.Post, "/sources/faulty/runs");
        post.Headers.Add("X-API-Key", ApiKey);
        using var started = await http.SendAsync(post);
        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        using var run = JsonDocument.Parse(await started.Content.ReadAsStringAsync());
        var runId = run.RootElement.GetProperty("run_id").GetString()!;
        await Eventually.Until(
            async () =>
            {
                using var doc = JsonDocument.Parse(await http.GetStringAsync(new Uri($"/runs/{runId}", UriKind.Relative)));
                return doc.RootElement.GetProperty("status").GetString();
            },
            s => s is "success", TimeSpan.FromSeconds(60), "the first run to succeed");
        return runId;
    }

    /// <summary>
    /// Waits until no run is going. The matrix's POST starts one, and a trigger during a run answers
    /// with that run (202) without the database: a fault must begin after it has ended.
    /// </summary>
    public static Task NoRunRunningAsync(HttpClient http) => Eventually.Until(
        async () =>
        {
            using var doc = JsonDocument.Parse(await http.GetStringAsync(new Uri("/runs?status=running", UriKind.Relative)));
            return doc.RootElement.GetProperty("total_count").GetInt64();
        },
        running => running == 0, TimeSpan.FromSeconds(60), "no run to be running");

    /// <summary>Sends a request and times it; the answer's body is read within the time.</summary>
    public static async Task<(HttpStatusCode Status, string Body, TimeSpan Took, HttpResponseMessage Response)> TimedAsync(
        HttpClient http, HttpRequestMessage request)
    {
        ArgumentNullException.ThrowIfNull(http);
        var watch = Stopwatch.StartNew();
        var response = await http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, body, watch.Elapsed, response);
    }

    /// <summary>503, <c>Retry-After</c>, a problem body naming the database, and neither host nor port.</summary>
    public static void AssertDatabaseUnavailable(HttpResponseMessage response, string body, string connectionString, string what)
    {
        ArgumentNullException.ThrowIfNull(response);
        var port = new NpgsqlConnectionStringBuilder(connectionString).Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(response.StatusCode == HttpStatusCode.ServiceUnavailable, $"{what} answered {(int)response.StatusCode}: {body}");
        Assert.Equal("5", response.Headers.GetValues("Retry-After").Single());
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var doc = JsonDocument.Parse(body);
        Assert.Equal(503, doc.RootElement.GetProperty("status").GetInt32());
        Assert.Contains("database cannot be reached", doc.RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain(port, body, StringComparison.Ordinal);
    }
}
