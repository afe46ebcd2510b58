using System.Net;
using System.Text.Json;
using Kasparro.Api.Http;
using Kasparro.Grains.Interfaces.Control;
using Kasparro.Grains.Interfaces.Sources;
using Kasparro.IntegrationTests.Gateway;
using Kasparro.IntegrationTests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Kasparro.IntegrationTests.Api;

/// <summary>
/// <c>POST /runs/{run_id}/cancel</c> and the <c>cancelled</c> status as the gateway serves it: /runs,
/// /stats, /health and /metrics after a run was cancelled (through its source grain), the endpoint's
/// guards and its OpenAPI description; the endpoint goes through <see cref="ISourceRegistryGrain.CancelRun"/>.
/// </summary>
public sealed class RunCancelApiTests(RunCancelApiTests.Fixture fixture) : IClassFixture<RunCancelApiTests.Fixture>
{

    [Fact]
    public async Task A_cancelled_run_is_listed_counted_and_measured_by_its_status()
    {
        var runs = await GetAsync("/runs?status=cancelled&source=long");
        Assert.Equal(HttpStatusCode.OK, runs.Status);
        var run = Assert.Single(runs.Body.GetProperty("runs").EnumerateArray());
        Assert.Equal((fixture.Cancelled.RunId, "cancelled", "cancelled", "cancelled by request"),
            (run.GetProperty("run_id").GetGuid(), run.GetProperty("status").GetString(), run.GetProperty("error_type").GetString(), run.GetProperty("error").GetString()));

        var summary = (await GetAsync("/stats")).Body.GetProperty("summary").GetProperty("long");
        Assert.Equal((1L, 1L, 0L, 0L), (summary.GetProperty("total_runs").GetInt64(), summary.GetProperty("cancelled_runs").GetInt64(),
            summary.GetProperty("failed_runs").GetInt64(), summary.GetProperty("successful_runs").GetInt64()));

        var health = await GetAsync("/health");
        Assert.Equal("cancelled", health.Body.GetProperty("etl_status").GetProperty("long").GetProperty("status").GetString());
        Assert.DoesNotContain(health.Body.GetProperty("problems").EnumerateArray(), p => p.GetString()!.Contains("'long'", StringComparison.Ordinal));

        const string Series = "kasparro_runs_total{otel_scope_name=\"Kasparro\",source=\"long\",status=\"cancelled\"} 1";
        await Eventually.Until(() => fixture.Http.GetStringAsync(new Uri("/metrics", UriKind.Relative)), m => m.Contains(Series, StringComparison.Ordinal),
            TimeSpan.FromSeconds(60), Series);
    }

    [Fact]
    public async Task The_endpoint_needs_the_key_and_a_uuid()
    {
        var url = $"/runs/{fixture.Cancelled.RunId}/cancel";
        Assert.Equal(HttpStatusCode.Unauthorized, (await PostAsync(url, key: null)).Status);

        var bad = await PostAsync("/runs/not-a-uuid/cancel");
        Assert.Equal((HttpStatusCode.BadRequest, "application/problem+json"), (bad.Status, bad.MediaType));
        Assert.True(bad.Body.GetProperty("errors").TryGetProperty("run_id", out _), bad.Body.ToString());
    }

    [Fact]
    public void A_conflict_of_the_source_is_a_409_with_its_message()
    {
        var problem = ApiExceptionHandler.Map(new SourceConflictException("csv", "Run 'x' of source 'csv' already ended with status success; only a running run can be cancelled."));

        Assert.Equal((409, "Run 'x' of source 'csv' already ended with status success; only a running run can be cancelled."), (problem.Status, problem.Detail));
    }

    [Fact]
    public async Task The_openapi_document_describes_the_endpoint_with_an_example()
    {
        var document = (await GetAsync("/openapi/v1.json")).Body;
        var operation = document.GetProperty("paths").GetProperty("/runs/{run_id}/cancel").GetProperty("post");

        Assert.Equal("CancelRun", operation.GetProperty("operationId").GetString());
        Assert.Equal(["ApiKey"], operation.GetProperty("security").EnumerateArray().SelectMany(r => r.EnumerateObject().Select(p => p.Name)));
        var responses = operation.GetProperty("responses").EnumerateObject().Select(p => p.Name).ToArray();
        Assert.Superset(new HashSet<string>(["202", "400", "401", "403", "404", "409"]), new HashSet<string>(responses));
        var example = operation.GetProperty("responses").GetProperty("202").GetProperty("content").GetProperty("application/json").GetProperty("example");
        Assert.Equal("running", example.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Cancelling_a_running_run_answers_202_and_the_run_ends_cancelled()
    {
        var started = await fixture.Grains.GetGrain<ISourceGrain>("again").TriggerRun();

        var reply = await PostAsync($"/runs/{started.RunId}/cancel");

        Assert.Equal(HttpStatusCode.Accepted, reply.Status);
        Assert.Equal($"/runs/{started.RunId}", reply.Response.Headers.Location?.ToString());
        Assert.Equal(started.RunId, reply.Body.GetProperty("run_id").GetGuid());
        var ended = await Eventually.Until(
            async () => (await GetAsync($"/runs/{started.RunId}")).Body.GetProperty("status").GetString(),
            s => s != "running", TimeSpan.FromSeconds(60), "the run to stop");
        Assert.Equal("cancelled", ended);
        Assert.Equal(HttpStatusCode.Accepted, (await PostAsync($"/runs/{started.RunId}/cancel")).Status); // again: idempotent
    }

    [Fact]
    public async Task A_finished_run_is_409_and_an_unknown_one_404()
    {
        var finished = await fixture.Grains.GetGrain<ISourceGrain>("short").GetRecentRuns(1);

        var conflict = await PostAsync($"/runs/{Assert.Single(finished).RunId}/cancel");
        Assert.Equal((HttpStatusCode.Conflict, "application/problem+json"), (conflict.Status, conflict.MediaType));
        Assert.Contains("already ended with status success", conflict.Body.GetProperty("detail").GetString(), StringComparison.Ordinal);

        var unknown = await PostAsync($"/runs/{Guid.NewGuid()}/cancel");
        Assert.Equal((HttpStatusCode.NotFound, "application/problem+json"), (unknown.Status, unknown.MediaType));
    }

    private sealed record Reply(HttpStatusCode Status, JsonElement Body, string? MediaType, HttpResponseMessage Response);

    private Task<Reply> GetAsync(string url) => SendAsync(HttpMethod.Get, url, null);

    private Task<Reply> PostAsync(string url, string? key = Fixture.ApiKey) => SendAsync(HttpMethod.Post, url, key);

    private async Task<Reply> SendAsync(HttpMethod method, string url, string? key)
    {
        using var request = new HttpRequestMessage(method, new Uri(url, UriKind.Relative));
        if (key is not null)
        {
            request.Headers.Add("X-API-Key", key);
        }

        var response = await fixture.Http.SendAsync(request);
        var content = await response.Content.ReadAsStringAsync();
        var json = content.Length == 0 ? default : JsonDocument.Parse(content).RootElement.Clone();
        return new Reply(response.StatusCode, json, response.Content.Headers.ContentType?.MediaType, response);
    }

    /// <summary>
    /// A standalone gateway (InMemory) with <c>long</c>, whose first run was cancelled mid-way through
    /// its grain, <c>short</c> (run to its end) and <c>again</c> (long, never run).
    /// </summary>
    public sealed class Fixture : IAsyncLifetime
    {
        public const string ApiKey = "cancel-key";

        private string _directory = "";

        private GatewayFactory _gateway = null!;

        public HttpClient Http { get; private set; } = null!;

        public IGrainFactory Grains => _gateway.Services.GetRequiredService<IGrainFactory>();

        public RunInfo Cancelled { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            _directory = Directory.CreateTempSubdirectory("kasparro-cancel-api").FullName;
            var settings = new Dictionary<string, string?> { ["Kasparro:Api:ApiKey"] = ApiKey };
            foreach (var (id, rows, batch) in new[] { ("long", 200_000, 10), ("again", 200_000, 10), ("short", 50, 50) })
            {
                MarketCsv.Write(Path.Combine(_directory, $"{id}.csv"), rows, 40);
                settings[$"Kasparro:Sources:{id}:Kind"] = "Csv";
                settings[$"Kasparro:Sources:{id}:Url"] = Path.Combine(_directory, $"{id}.csv");
                settings[$"Kasparro:Sources:{id}:BatchSize"] = batch.ToString(System.Globalization.CultureInfo.InvariantCulture);
                settings[$"Kasparro:Sources:{id}:Interval"] = "01:00:00";
            }

            _gateway = GatewayFactory.Standalone(connectionString: null, extra: settings);
            Http = _gateway.CreateClient();
            var grain = Grains.GetGrain<ISourceGrain>("long");
            var started = await grain.TriggerRun();
            await Eventually.Until(grain.GetStatus, s => s.ActiveRun is null || s.Checkpoint.RecordsCommitted > 0, TimeSpan.FromSeconds(60), "progress");
            await grain.CancelRun(started.RunId);
            Cancelled = await Eventually.Until(async () => (await grain.GetRun(started.RunId))!, r => r.Status != RunStatus.Running, TimeSpan.FromSeconds(60), "the cancel");
            Assert.Equal(RunStatus.Cancelled, Cancelled.Status);
            var shortRun = await Grains.GetGrain<ISourceGrain>("short").TriggerRun();
            await Eventually.Until(async () => (await Grains.GetGrain<ISourceGrain>("short").GetRun(shortRun.RunId))!, r => r.Status != RunStatus.Running, TimeSpan.FromSeconds(60), "short");
        }

        public async Task DisposeAsync()
        {
            Http.Dispose();
            await _gateway.DisposeAsync();
            Directory.Delete(_directory, recursive: true);
        }
    }
}
