using System.Net;
using System.Text.Json;
using Kasparro.Grains.Interfaces.Sources;
using Kasparro.IntegrationTests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Kasparro.IntegrationTests.Gateway;

/// <summary>
/// The quick start as a newcomer meets it: the demo profile with the default settings shows data
/// moments after start, without a manual trigger, and reports itself healthy (the README shows both).
/// </summary>
public sealed class FirstRunAtStartTests
{
    [Fact]
    public async Task A_fresh_start_runs_every_source_at_once_and_is_healthy()
    {
        // TestSilo turns the first run off for every other test; this one runs with the default.
        await using var gateway = GatewayFactory.Standalone(
            connectionString: null, environment: "Demo", extra: new Dictionary<string, string?> { [TestSilo.FirstRunAtStartKey] = null });
        using var http = gateway.CreateClient();
        var grains = gateway.Services.GetRequiredService<IGrainFactory>();

        // The demo interval is a minute: a run within 30 s can only be the first run at start.
        await Eventually.Until(
            async () => await ScheduledSuccessesAsync(grains),
            sources => sources.SetEquals(["coingecko", "csv", "rss"]),
            TimeSpan.FromSeconds(30),
            "every demo source to finish a scheduled run");

        using var data = JsonDocument.Parse(await http.GetStringAsync(new Uri("/data?per_page=1", UriKind.Relative)));
        Assert.True(data.RootElement.GetProperty("pagination").GetProperty("total_items").GetInt64() > 0, "data after the first runs");

        using var health = await http.GetAsync(new Uri("/health", UriKind.Relative));
        var body = await health.Content.ReadAsStringAsync();
        Assert.True(health.StatusCode == HttpStatusCode.OK, body);
        using var report = JsonDocument.Parse(body);
        Assert.Equal("healthy", report.RootElement.GetProperty("status").GetString());
    }

    private static async Task<HashSet<string>> ScheduledSuccessesAsync(IGrainFactory grains)
    {
        var done = new HashSet<string>();
        foreach (var source in new[] { "coingecko", "csv", "rss" })
        {
            var runs = await grains.GetGrain<ISourceGrain>(source).GetRecentRuns(10);
            if (runs.Any(r => r.Trigger == "schedule" && r.Status == RunStatus.Success))
            {
                done.Add(source);
            }
        }

        return done;
    }
}
