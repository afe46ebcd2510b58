using System.Net;
using System.Text.Json;

namespace Kasparro.IntegrationTests.Gateway;

/// <summary><c>dotnet run --project Api</c> as a user gets it: standalone, InMemory.</summary>
public sealed class InMemoryGatewayTests : IAsyncLifetime
{
    private readonly GatewayFactory _factory = GatewayFactory.Standalone(connectionString: null);
    private HttpClient _http = null!;

    public Task InitializeAsync()
    {
        _http = _factory.CreateClient();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _factory.DisposeAsync();
    }

    [Fact]
    public async Task Root_names_the_service_mode_and_links()
    {
        using var doc = JsonDocument.Parse(await _http.GetStringAsync(new Uri("/", UriKind.Relative)));
        var root = doc.RootElement;

        Assert.Equal("kasparro", root.GetProperty("service").GetString());
        Assert.Equal("standalone", root.GetProperty("mode").GetString());
        Assert.Equal("InMemory", root.GetProperty("storage_provider").GetString());
        Assert.Equal("/dashboard", root.GetProperty("links").GetProperty("dashboard").GetString());
        Assert.False(string.IsNullOrEmpty(root.GetProperty("version").GetString()));
    }

    [Fact]
    public async Task Health_is_200_with_one_active_silo_and_no_database()
    {
        using var response = await _http.GetAsync(new Uri("/health", UriKind.Relative));
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("healthy", doc.RootElement.GetProperty("status").GetString());
        Assert.Equal("InMemory", doc.RootElement.GetProperty("storage_provider").GetString());
        Assert.Equal(1, doc.RootElement.GetProperty("active_silos").GetInt32());
        Assert.Equal(JsonValueKind.Null, doc.RootElement.GetProperty("database_reachable").ValueKind);
    }

    [Fact]
    public async Task Dashboard_serves_its_page()
    {
        using var response = await _http.GetAsync(new Uri("/dashboard/", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("Orleans Dashboard", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Metrics_include_orleans_meters_in_prometheus_format()
    {
        // Make sure at least one grain call has been measured.
        (await _http.GetAsync(new Uri("/health", UriKind.Relative))).Dispose();

        // The grain call is measured as it ends and the exporter may answer from its cache: poll.
        await Infrastructure.Eventually.Until(
            () => _http.GetStringAsync(new Uri("/metrics", UriKind.Relative)),
            text => text.Contains("# TYPE ", StringComparison.Ordinal) && text.Contains("orleans_", StringComparison.Ordinal),
            TimeSpan.FromSeconds(30), "Orleans series in /metrics");
    }
}
