using System.Net;
using System.Text.Json;
using Kasparro.IntegrationTests.Infrastructure;
using Microsoft.Extensions.Logging;

namespace Kasparro.IntegrationTests.Gateway;

/// <summary>The dashboard as shipped: open while reads are, the live log stream off, and bad URLs answered 4xx without a stack trace.</summary>
public sealed class DashboardTests(DashboardGatewayFixture fixture) : IClassFixture<DashboardGatewayFixture>
{
    [Fact]
    public async Task Without_RequireKeyForReads_the_dashboard_and_its_api_are_open()
    {
        using var page = await Get("/dashboard/");
        using var counters = await Get("/dashboard/DashboardCounters");
        using var redirect = await Get("/dashboard");

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("Orleans Dashboard", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, counters.StatusCode);
        Assert.Equal(HttpStatusCode.MovedPermanently, redirect.StatusCode);
    }

    [Fact]
    public async Task The_live_log_stream_is_404_unless_enabled()
    {
        using var trace = await Get("/dashboard/Trace");
        using var problem = JsonDocument.Parse(await trace.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.NotFound, trace.StatusCode);
        Assert.Equal("application/problem+json", trace.Content.Headers.ContentType?.MediaType);
        Assert.Contains("Kasparro:Dashboard:LiveLog", problem.RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_silos_the_dashboard_lists_pass_the_silo_check()
    {
        var silo = await ActiveSiloAsync();
        foreach (var route in new[] { "SiloCounters", "SiloProperties", "SiloMetadata", "HistoricalStats" })
        {
            using var response = await Get($"/dashboard/{route}/{silo}");
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{route}/{silo}: {(int)response.StatusCode}");
        }
    }

    [Fact]
    public async Task Bad_dashboard_urls_answer_4xx_problems_and_leave_no_stack_trace_in_the_log()
    {
        var silo = await ActiveSiloAsync();
        string[] bad =
        [
            "/dashboard/SiloCounters/garbage",
            "/dashboard/SiloProperties/x",
            "/dashboard/SiloMetadata/x",
            "/dashboard/HistoricalStats/..%2F..",
            "/dashboard/HistoricalStats/",
            "/dashboard/SiloCounters/%E2%98%83",
            $"/dashboard/SiloProperties/{silo}/extra",
            // Well formed, but no such silo: the package would call a silo that is not there (a 503).
            "/dashboard/SiloCounters/10.1.2.3:11111@1",
            "/dashboard/SiloStats/",
            "/dashboard/GrainStats/",
            "/dashboard/Reminders/99999999999",
            "/dashboard/fonts/missing.woff",
            "/dashboard/img/..%2F..%2Fappsettings.json",
        ];
        // The capture does see this host's log (its start-up lines), so an empty tail below means something.
        Assert.Contains(fixture.Logs.Entries, e => e.Category.StartsWith("Microsoft.Hosting", StringComparison.Ordinal));
        var mark = fixture.Logs.Entries.Count;

        foreach (var path in bad)
        {
            using var response = await Get(path);
            var status = (int)response.StatusCode;
            Assert.True(status is >= 400 and < 500, $"{path}: {status}");
            Assert.True(response.Content.Headers.ContentType?.MediaType == "application/problem+json", $"{path}: {response.Content.Headers.ContentType}");
        }

        // What the package answers itself without failing: its own answer, never a 5xx.
        foreach (var path in new[] { "/dashboard/SiloStats/x", "/dashboard/GrainStats/nope", "/dashboard/GrainState?grainType=nope&grainId=1", "/dashboard/GrainState" })
        {
            using var response = await Get(path);
            Assert.True((int)response.StatusCode < 500, $"{path}: {(int)response.StatusCode}");
        }

        var logged = fixture.Logs.Entries.Skip(mark).ToArray();
        Assert.DoesNotContain(logged, e => e.HasStackTrace);
        Assert.DoesNotContain(logged, e => e.Level >= LogLevel.Error);
    }

    private Task<HttpResponseMessage> Get(string path) => fixture.Http.GetAsync(new Uri(path, UriKind.Relative));

    /// <summary>A silo address as the dashboard's own page gets it (and puts in its URLs); its list fills a moment after start.</summary>
    private async Task<string> ActiveSiloAsync() =>
        (await Eventually.Until(
            async () =>
            {
                using var counters = JsonDocument.Parse(await fixture.Http.GetStringAsync(new Uri("/dashboard/DashboardCounters", UriKind.Relative)));
                return counters.RootElement.GetProperty("hosts").EnumerateArray()
                    .Where(h => h.GetProperty("status").GetString() == "Active")
                    .Select(h => h.GetProperty("siloAddress").GetString())
                    .SingleOrDefault();
            },
            silo => silo is not null,
            TimeSpan.FromSeconds(30),
            "the dashboard to list its active silo"))!;
}
