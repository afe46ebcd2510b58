using System.Net;
using System.Text;
using System.Text.Json;
using Kasparro.IntegrationTests.Gateway;
using Kasparro.IntegrationTests.Infrastructure;

namespace Kasparro.IntegrationTests.Alerts;

/// <summary>
/// A standalone gateway on PostgreSQL (the alert outbox is the real tables) whose relay polls every
/// 100 ms and retries after 200–500 ms, a local <see cref="WebhookReceiver"/>, and a folder for the
/// CSV files of sources created through the API. <see cref="GroupWindow"/> is the grouping window.
/// </summary>
public abstract class AlertGatewayFixture : IAsyncLifetime
{
    public const string AdminKey = "alerts-admin-key";
    public const string Secret = "whsec_ZW5kLXRvLWVuZC1hbGVydC10ZXN0cy1zaWduaW5nLWtleQ==";

    private string? _database;

    public GatewayFactory Gateway { get; private set; } = null!;

    public HttpClient Http { get; private set; } = null!;

    public WebhookReceiver Receiver { get; private set; } = null!;

    public string Directory { get; private set; } = "";

    protected abstract TimeSpan GroupWindow { get; }

    public async Task InitializeAsync()
    {
        Directory = System.IO.Directory.CreateTempSubdirectory("kasparro-alerts").FullName;
        Receiver = await WebhookReceiver.StartAsync();
        _database = await TestPostgres.CreateDatabaseAsync("alerts");
        Gateway = GatewayFactory.Standalone(connectionString: _database, extra: new Dictionary<string, string?>
        {
            ["Kasparro:Api:Keys:admin:Key"] = AdminKey,
            ["Kasparro:Api:Keys:admin:Scope"] = "admin",
            ["Kasparro:Alerts:PollInterval"] = "00:00:00.100",
            ["Kasparro:Alerts:FirstRetryDelay"] = "00:00:00.200",
            ["Kasparro:Alerts:MaxRetryDelay"] = "00:00:00.500",
            ["Kasparro:Alerts:ConsecutiveFailures"] = "3",
            ["Kasparro:Alerts:GroupWindow"] = GroupWindow.ToString("c"),
        });
        Http = Gateway.CreateClient();
        Http.DefaultRequestHeaders.Add("X-API-Key", AdminKey);
    }

    /// <summary>A CSV file of <paramref name="rows"/> assets in the fixture's folder; its path.</summary>
    public string Csv(string name, int rows) => MarketCsv.Write(Path.Combine(Directory, name), rows, rows);

    public async Task<(HttpStatusCode Status, JsonElement Body)> SendAsync(HttpMethod method, string path, object? body = null)
    {
        using var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative));
        if (body is not null)
        {
            request.Content = new StringContent(body as string ?? JsonSerializer.Serialize(body), Encoding.UTF8, "application/json");
        }

        using var response = await Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone());
    }

    /// <summary>Sends and asserts the status; returns the body.</summary>
    public async Task<JsonElement> ExpectAsync(HttpStatusCode status, HttpMethod method, string path, object? body = null)
    {
        var (actual, reply) = await SendAsync(method, path, body);
        Assert.True(actual == status, $"{method} {path}: {(int)actual} {reply}");
        return reply;
    }

    /// <summary>Triggers a run of <paramref name="source"/> and waits for it to finish; returns the finished run.</summary>
    public async Task<JsonElement> RunAsync(string source)
    {
        var started = await ExpectAsync(HttpStatusCode.Accepted, HttpMethod.Post, $"/sources/{source}/runs");
        var id = started.GetProperty("run_id").GetString();
        return await Eventually.Until(
            async () => (await SendAsync(HttpMethod.Get, $"/runs/{id}")).Body,
            r => r.ValueKind == JsonValueKind.Object && r.TryGetProperty("status", out var s) && s.GetString() != "running",
            TimeSpan.FromSeconds(30), $"run {id} of {source} finished");
    }

    public async Task DisposeAsync()
    {
        Http.Dispose();
        await Gateway.DisposeAsync();
        await Receiver.DisposeAsync();
        if (_database is not null)
        {
            await TestPostgres.DropDatabaseAsync(_database);
        }

        System.IO.Directory.Delete(Directory, recursive: true);
    }
}

/// <summary>Every event its own delivery (no grouping window).</summary>
public sealed class UngroupedAlertFixture : AlertGatewayFixture
{
    protected override TimeSpan GroupWindow => TimeSpan.Zero;
}

/// <summary>Repeats of one kind and source within 10 s folded into one delivery.</summary>
public sealed class GroupedAlertFixture : AlertGatewayFixture
{
    protected override TimeSpan GroupWindow => TimeSpan.FromSeconds(10);
}
