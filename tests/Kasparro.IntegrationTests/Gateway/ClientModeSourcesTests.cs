using System.Net;
using System.Text.Json;
using Kasparro.IntegrationTests.Infrastructure;

namespace Kasparro.IntegrationTests.Gateway;

/// <summary>
/// A client-mode gateway holds no source configuration of its own: it serves the sources of the
/// silos it joins, whatever its own configuration says (here: none at all).
/// </summary>
public sealed class ClientModeSourcesTests
{
    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task A_gateway_without_sources_serves_the_silos_sources()
    {
        var clusterId = $"cms-{Guid.NewGuid():N}"[..16];
        await using var silo = await TestSilo.StartNetworkedAsync(clusterId, connectionString: null, extraSettings: new Dictionary<string, string?>
        {
            ["Kasparro:Sources:silo-only:Kind"] = "Csv",
            ["Kasparro:Sources:silo-only:Url"] = "silo-only.csv",
            ["Kasparro:Sources:silo-only:Enabled"] = "false",
        });
        var settings = TestSilo.Settings(clusterId, connectionString: null, siloPort: 1, gatewayPort: silo.GatewayPort);
        foreach (var key in settings.Keys.Where(k => k.StartsWith("Kasparro:Sources:", StringComparison.Ordinal)).ToArray())
        {
            settings.Remove(key);
        }

        settings["Kasparro:Api:Mode"] = "Client";
        settings["Kasparro:Api:ApiKey"] = "client-key";
        await using var gateway = new GatewayFactory(settings);
        // Starting the host connects the client; it retries until a silo answers, so bound it here.
        using var http = await Task.Run(gateway.CreateClient).WaitAsync(ConnectTimeout);

        using (var root = JsonDocument.Parse(await http.GetStringAsync(new Uri("/", UriKind.Relative))))
        {
            Assert.Equal("client", root.RootElement.GetProperty("mode").GetString());
            Assert.Equal(["coingecko", "csv", "rss", "silo-only"], Strings(root.RootElement.GetProperty("sources")));
        }

        using (var sources = JsonDocument.Parse(await http.GetStringAsync(new Uri("/sources", UriKind.Relative))))
        {
            var listed = sources.RootElement.GetProperty("sources").EnumerateArray().ToArray();
            Assert.Equal(["coingecko", "csv", "rss", "silo-only"], listed.Select(s => s.GetProperty("id").GetString()));
            // The built-in sources are as the silo configures them (disabled), not as the gateway's defaults would have them.
            Assert.All(listed, s => Assert.False(s.GetProperty("enabled").GetBoolean()));
        }

        using var data = await http.GetAsync(new Uri("/data?source=silo-only", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, data.StatusCode);

        using var unknown = await http.GetAsync(new Uri("/data?source=nope", UriKind.Relative));
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.Contains("expected one of coingecko, csv, rss, silo-only", await unknown.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        using var trigger = new HttpRequestMessage(HttpMethod.Post, new Uri("/sources/silo-only/runs", UriKind.Relative));
        trigger.Headers.Add("X-API-Key", "client-key");
        using var disabled = await http.SendAsync(trigger);
        Assert.Equal(HttpStatusCode.Conflict, disabled.StatusCode);
        Assert.Contains("Kasparro:Sources:silo-only:Enabled", await disabled.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private static string[] Strings(JsonElement array) => array.EnumerateArray().Select(e => e.GetString()!).ToArray();
}
