using Kasparro.IntegrationTests.Gateway;
using Kasparro.IntegrationTests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Logging;

namespace Kasparro.IntegrationTests.Alerts;

/// <summary>
/// A standalone InMemory gateway (the alert store in memory, reachable through <see cref="Gateway"/>' services) with an admin key (<c>admin</c>), an operate key (<c>ops</c>), a
/// read key (<c>reader</c>) and one webhook configuration declares (<c>declared</c>); everything the
/// host logs (Information and up) is kept in <see cref="Logs"/>, so tests can assert no secret is written.
/// </summary>
public sealed class WebhookApiFixture : IAsyncLifetime
{
    public const string AdminKey = "wh-admin-key";
    public const string OpsKey = "wh-ops-key";
    public const string ReaderKey = "wh-reader-key";
    public const string Header = "X-API-Key";

    /// <summary>The declared webhook's secret: it must never appear in an answer or a log line.</summary>
    public const string DeclaredSecret = "declared-secret-3c1f9a7e5b2d4f60";

    public CapturedLogs Logs { get; } = new();

    public WebApplicationFactory<Program> Gateway { get; private set; } = null!;

    public HttpClient Http { get; private set; } = null!;

    private GatewayFactory? _factory;

    public async Task InitializeAsync()
    {
        _factory = GatewayFactory.Standalone(connectionString: null, extra: new Dictionary<string, string?>
        {
            ["Logging:LogLevel:Default"] = "Information",
            ["Kasparro:Api:Keys:admin:Key"] = AdminKey,
            ["Kasparro:Api:Keys:admin:Scope"] = "admin",
            ["Kasparro:Api:Keys:ops:Key"] = OpsKey,
            ["Kasparro:Api:Keys:ops:Scope"] = "operate",
            ["Kasparro:Api:Keys:reader:Key"] = ReaderKey,
            ["Kasparro:Api:Keys:reader:Scope"] = "read",
            ["Kasparro:Alerts:Enabled"] = "false", // the API only: nothing is sent anywhere
            ["Kasparro:Alerts:Webhooks:declared:Url"] = "https://hooks.example.com/declared",
            ["Kasparro:Alerts:Webhooks:declared:Secret"] = DeclaredSecret,
            ["Kasparro:Alerts:Webhooks:declared:Kinds:0"] = "run.failed",
        });
        Gateway = _factory.WithWebHostBuilder(b => b.ConfigureLogging(l => l.AddProvider(Logs)));
        Http = Gateway.CreateClient();
        // The declaration is handed to the registry when the silo becomes active.
        await Eventually.Until(
            async () => (await SendAsync(HttpMethod.Get, "/alerts/webhooks/declared", AdminKey)).StatusCode,
            s => s == System.Net.HttpStatusCode.OK, TimeSpan.FromSeconds(30), "the declared webhook");
    }

    /// <summary>A request with <paramref name="key"/> (null: none) and a JSON body (null: none).</summary>
    public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string? key, object? body = null, string? ifMatch = null)
    {
        using var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative));
        if (body is not null)
        {
            request.Content = body is string text
                ? new StringContent(text, System.Text.Encoding.UTF8, "application/json")
                : System.Net.Http.Json.JsonContent.Create(body);
        }

        if (key is not null)
        {
            request.Headers.Add(Header, key);
        }

        if (ifMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }

        return await Http.SendAsync(request);
    }

    public async Task DisposeAsync()
    {
        Http.Dispose();
        await Gateway.DisposeAsync();
        if (_factory is not null)
        {
            await _factory.DisposeAsync();
        }
    }
}
