using Kasparro.IntegrationTests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Logging;

namespace Kasparro.IntegrationTests.Gateway;

/// <summary>
/// A standalone InMemory gateway whose log is captured, with the dashboard as shipped: reads open
/// (a key is configured for the writes only), the live log stream off.
/// </summary>
public sealed class DashboardGatewayFixture : IAsyncLifetime
{
    private readonly GatewayFactory _factory = GatewayFactory.Standalone(
        connectionString: null, extra: new Dictionary<string, string?> { ["Kasparro:Api:ApiKey"] = "writer-key" });

    public CapturedLogs Logs { get; } = new();

    public WebApplicationFactory<Program> Gateway { get; private set; } = null!;

    public HttpClient Http { get; private set; } = null!;

    public Task InitializeAsync()
    {
        Gateway = _factory.WithWebHostBuilder(b => b.ConfigureLogging(l => l.AddProvider(Logs)));
        Http = Gateway.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        Http.Dispose();
        // Disposing the factory disposes the one derived from it.
        await _factory.DisposeAsync();
    }
}
