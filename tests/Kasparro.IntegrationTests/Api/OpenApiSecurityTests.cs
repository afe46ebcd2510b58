using System.Net;
using System.Text.Json;
using Kasparro.IntegrationTests.Gateway;

namespace Kasparro.IntegrationTests.Api;

/// <summary>
/// The OpenAPI document as the running configuration makes it: the ApiKey requirement and the scope
/// needed (x-required-scope) on the operations that check the key (so the /docs page sends X-API-Key), the 503 of the health
/// endpoints with their body, and no dashboard route.
/// </summary>
public sealed class OpenApiSecurityTests
{
    private static readonly string[] Reads = ["/data", "/data/{source}/{external_id}/history", "/news", "/runs", "/runs/{run_id}", "/compare-runs", "/stats", "/sources", "/drift"];

    private static readonly string[] Open = ["/", "/health", "/health/live", "/health/ready"];

    [Fact]
    public async Task Writes_declare_the_key_and_open_reads_do_not()
    {
        var (document, dashboard) = await DocumentAsync(requireKeyForReads: false);
        var paths = document.GetProperty("paths");

        Assert.Equal(["ApiKey"], Requirements(paths, "/sources/{source}/runs", "post"));
        Assert.Equal(["ApiKey"], Requirements(paths, "/sources/{source}/failure-injection", "put"));
        foreach (var (path, method) in new[] { ("/sources/{source}/runs", "post"), ("/sources/{source}/failure-injection", "put") })
        {
            Assert.Equal("operate", Scope(paths, path, method));
            Assert.EndsWith("Needs an X-API-Key of scope operate or higher.", paths.GetProperty(path).GetProperty(method).GetProperty("description").GetString(), StringComparison.Ordinal);
            Assert.Contains("403", Responses(paths, path, method));
        }

        foreach (var path in Reads.Concat(Open))
        {
            Assert.True(Requirements(paths, path, "get").Length == 0, $"GET {path} should not require the key");
            Assert.Null(Scope(paths, path, "get"));
            Assert.False(Responses(paths, path, "get").Contains("401"), $"GET {path} never answers 401 with open reads");
        }

        Assert.Contains("401", Responses(paths, "/sources/{source}/runs", "post"));
        var scheme = document.GetProperty("components").GetProperty("securitySchemes").GetProperty("ApiKey");
        Assert.Equal(("apiKey", "header", "X-API-Key"), (scheme.GetProperty("type").GetString(), scheme.GetProperty("in").GetString(), scheme.GetProperty("name").GetString()));

        // The dashboard is served, and none of its routes is in the document.
        Assert.Equal(HttpStatusCode.OK, dashboard);
        Assert.DoesNotContain(paths.EnumerateObject(), p => p.Name.StartsWith("/dashboard", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task With_RequireKeyForReads_every_api_operation_declares_the_key()
    {
        var (document, _) = await DocumentAsync(requireKeyForReads: true);
        var paths = document.GetProperty("paths");

        foreach (var path in Reads)
        {
            Assert.True(Requirements(paths, path, "get") is ["ApiKey"], $"GET {path} should require the key");
            Assert.Contains("401", Responses(paths, path, "get"));
            Assert.Equal("read", Scope(paths, path, "get"));
            Assert.DoesNotContain("403", Responses(paths, path, "get"));
        }

        foreach (var path in Open)
        {
            Assert.True(Requirements(paths, path, "get").Length == 0, $"GET {path} is open in every configuration");
        }

        Assert.Equal(["ApiKey"], Requirements(paths, "/sources/{source}/runs", "post"));
        Assert.Contains("RequireKeyForReads", document.GetProperty("info").GetProperty("description").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Health_documents_its_503_and_the_body_it_comes_with()
    {
        var (document, _) = await DocumentAsync(requireKeyForReads: false);
        var paths = document.GetProperty("paths");

        Assert.Equal("#/components/schemas/HealthReport", Schema(paths, "/health", "503"));
        Assert.Equal(Schema(paths, "/health", "200"), Schema(paths, "/health", "503"));
        Assert.Equal(Schema(paths, "/health/ready", "200"), Schema(paths, "/health/ready", "503"));
        Assert.NotNull(Schema(paths, "/health/ready", "503"));
    }

    private static async Task<(JsonElement Document, HttpStatusCode Dashboard)> DocumentAsync(bool requireKeyForReads)
    {
        var settings = new Dictionary<string, string?> { ["Kasparro:Api:ApiKey"] = "doc-key" };
        if (requireKeyForReads)
        {
            settings["Kasparro:Api:RequireKeyForReads"] = "true";
        }

        await using var gateway = GatewayFactory.Standalone(connectionString: null, extra: settings);
        using var http = gateway.CreateClient();
        using var doc = JsonDocument.Parse(await http.GetStringAsync(new Uri("/openapi/v1.json", UriKind.Relative)));
        using var dashboard = await http.GetAsync(new Uri("/dashboard/", UriKind.Relative));
        return (doc.RootElement.Clone(), dashboard.StatusCode);
    }

    private static string[] Requirements(JsonElement paths, string path, string method) =>
        paths.GetProperty(path).GetProperty(method).TryGetProperty("security", out var security)
            ? [.. security.EnumerateArray().SelectMany(r => r.EnumerateObject().Select(p => p.Name))]
            : [];

    private static string? Scope(JsonElement paths, string path, string method) =>
        paths.GetProperty(path).GetProperty(method).TryGetProperty("x-required-scope", out var scope) ? scope.GetString() : null;

    private static string[] Responses(JsonElement paths, string path, string method) =>
        [.. paths.GetProperty(path).GetProperty(method).GetProperty("responses").EnumerateObject().Select(p => p.Name)];

    private static string? Schema(JsonElement paths, string path, string status) =>
        paths.GetProperty(path).GetProperty("get").GetProperty("responses").TryGetProperty(status, out var response)
            ? response.GetProperty("content").GetProperty("application/json").GetProperty("schema").GetProperty("$ref").GetString()
            : null;
}
