using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Kasparro.Grains.Interfaces.Sources;
using Kasparro.IntegrationTests.Gateway;
using Kasparro.IntegrationTests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Kasparro.IntegrationTests.Api;

/// <summary>
/// A standalone gateway for the source control endpoints: <c>ctl</c> and <c>other</c> (small CSV
/// sources) and <c>big</c> (60,000 rows, long enough to be caught running).
/// </summary>
public sealed class SourceControlGateway : IAsyncLifetime
{
    public const string ApiKey = "control-key-123";
    public const int Assets = 20;

    private string _directory = "";

    public GatewayFactory Gateway { get; private set; } = null!;

    public HttpClient Http { get; private set; } = null!;

    public sealed record Reply(HttpStatusCode Status, JsonElement Body, string? MediaType);

    public string FileOf(string source) => Path.Combine(_directory, $"{source}.csv");

    public ISourceGrain Source(string id) => Gateway.Services.GetRequiredService<IGrainFactory>().GetGrain<ISourceGrain>(id);

    public Task InitializeAsync()
    {
        _directory = Directory.CreateTempSubdirectory("kasparro-control").FullName;
        var settings = new Dictionary<string, string?> { ["Kasparro:Api:ApiKey"] = ApiKey };
        foreach (var (id, rows) in new[] { ("ctl", 200), ("other", 100), ("big", 60_000) })
        {
            MarketCsv.Write(FileOf(id), rows, Assets);
            settings[$"Kasparro:Sources:{id}:Kind"] = "Csv";
            settings[$"Kasparro:Sources:{id}:Url"] = FileOf(id);
            settings[$"Kasparro:Sources:{id}:BatchSize"] = "100";
            settings[$"Kasparro:Sources:{id}:Interval"] = "01:00:00";
        }

        Gateway = GatewayFactory.Standalone(connectionString: null, extra: settings);
        Http = Gateway.CreateClient(); // starts the gateway and its silo
        return Task.CompletedTask;
    }

    public async Task<RunInfo> RunToEndAsync(string source)
    {
        var started = await Source(source).TriggerRun();
        return await Eventually.Until(
            async () => (await Source(source).GetRun(started.RunId))!, r => r.Status != RunStatus.Running, TimeSpan.FromSeconds(120), $"run of {source}");
    }

    public async Task<Reply> PostAsync(string url, string? key = ApiKey, object? body = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(url, UriKind.Relative));
        if (key is not null)
        {
            request.Headers.Add("X-API-Key", key);
        }

        if (body is not null)
        {
            request.Content = body is string text ? new StringContent(text, System.Text.Encoding.UTF8, "application/json") : JsonContent.Create(body);
        }

        using var response = await Http.SendAsync(request);
        var content = await response.Content.ReadAsStringAsync();
        var json = content.Length == 0 ? default : JsonDocument.Parse(content).RootElement.Clone();
        return new Reply(response.StatusCode, json, response.Content.Headers.ContentType?.MediaType);
    }

    /// <summary>A problem+json answer with the status, and (given) the parameter named in its errors and detail.</summary>
    public static void AssertProblem(Reply reply, HttpStatusCode status, string? parameter = null)
    {
        Assert.True(reply.Status == status, $"expected {status}, got {reply.Status}: {reply.Body}");
        Assert.Equal("application/problem+json", reply.MediaType);
        Assert.Equal((int)status, reply.Body.GetProperty("status").GetInt32());
        if (parameter is not null)
        {
            Assert.True(reply.Body.GetProperty("errors").TryGetProperty(parameter, out _), $"errors should name {parameter}: {reply.Body}");
            Assert.Contains(parameter, reply.Body.GetProperty("detail").GetString(), StringComparison.Ordinal);
        }
    }

    public async Task DisposeAsync()
    {
        Http.Dispose();
        await Gateway.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }
}
