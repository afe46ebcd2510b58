using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Kasparro.Api.Dashboard;
using Kasparro.Grains.Configuration;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Kasparro.IntegrationTests.Gateway;

/// <summary>The dashboard behind the read key (as a header or HTTP Basic), its live log stream when enabled, and the dashboard turned off.</summary>
public sealed class DashboardProtectionTests
{
    private static readonly string[] DashboardPaths =
    [
        "/dashboard/", "/dashboard/index.min.js", "/dashboard/DashboardCounters", "/dashboard/ClusterStats",
        "/dashboard/Reminders", "/dashboard/GrainTypes", "/dashboard/version",
    ];

    [Fact]
    public async Task With_RequireKeyForReads_the_dashboard_needs_a_configured_key_as_the_header_or_the_Basic_password()
    {
        await using var gateway = GatewayFactory.Standalone(connectionString: null, extra: new Dictionary<string, string?>
        {
            ["Kasparro:Api:ApiKeys:0"] = "key-one",
            ["Kasparro:Api:ApiKeys:1"] = "key-two",
            ["Kasparro:Api:RequireKeyForReads"] = "true",
        });
        using var http = gateway.CreateClient();

        // The key is asked for before anything else: a bad silo address or the closed log stream is 401 too.
        foreach (var path in DashboardPaths.Concat(["/dashboard/SiloCounters/garbage", "/dashboard/HistoricalStats/", "/dashboard/Trace"]))
        {
            using var anonymous = await Send(http, path);
            Assert.True(anonymous.StatusCode == HttpStatusCode.Unauthorized, $"{path} without a key: {(int)anonymous.StatusCode}");
            Assert.Equal("application/problem+json", anonymous.Content.Headers.ContentType?.MediaType);
            var basic = Assert.Single(anonymous.Headers.WwwAuthenticate, c => c.Scheme == "Basic");
            Assert.Contains("realm=\"Kasparro dashboard\"", basic.Parameter, StringComparison.Ordinal);
        }

        foreach (var path in DashboardPaths)
        {
            using var header = await Send(http, path, r => r.Headers.Add("X-API-Key", "key-one"));
            using var basic = await Send(http, path, r => r.Headers.Authorization = Basic("anyone", "key-two"));
            using var noUser = await Send(http, path, r => r.Headers.Authorization = Basic("", "key-one"));
            Assert.True(header.StatusCode == HttpStatusCode.OK, $"{path} with the header: {(int)header.StatusCode}");
            Assert.True(basic.StatusCode == HttpStatusCode.OK, $"{path} with Basic: {(int)basic.StatusCode}");
            Assert.True(noUser.StatusCode == HttpStatusCode.OK, $"{path} with Basic and no user: {(int)noUser.StatusCode}");
        }

        foreach (var wrong in new Action<HttpRequestMessage>[]
        {
            r => r.Headers.Add("X-API-Key", "key-three"),
            r => r.Headers.Authorization = Basic("key-one", "wrong"),
            r => r.Headers.Authorization = Basic("anyone", "key-one "),
            r => r.Headers.Authorization = new AuthenticationHeaderValue("Basic", "%%%not-base64"),
            r => r.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "key-one"),
        })
        {
            using var refused = await Send(http, "/dashboard/DashboardCounters", wrong);
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        }
    }

    [Fact]
    public async Task The_live_log_stream_streams_the_log_when_enabled()
    {
        await using var gateway = GatewayFactory.Standalone(connectionString: null, extra: new Dictionary<string, string?>
        {
            ["Kasparro:Dashboard:LiveLog"] = "true",
        });
        using var http = gateway.CreateClient();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));

        using var response = await http.GetAsync(new Uri("/dashboard/Trace", UriKind.Relative), HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(timeout.Token));

        var marker = $"dashboard-live-log-{Guid.NewGuid():N}";
        gateway.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Kasparro.Tests").LogWarning("{Marker}", marker);
        var seen = new StringBuilder();
        while (!seen.ToString().Contains(marker, StringComparison.Ordinal))
        {
            var line = await reader.ReadLineAsync(timeout.Token);
            Assert.NotNull(line);
            seen.AppendLine(line);
        }
    }

    [Fact]
    public async Task The_dashboard_can_be_turned_off()
    {
        await using var gateway = GatewayFactory.Standalone(connectionString: null, extra: new Dictionary<string, string?>
        {
            ["Kasparro:Dashboard:Enabled"] = "false",
        });
        using var http = gateway.CreateClient();

        foreach (var path in DashboardPaths)
        {
            using var response = await Send(http, path);
            Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"{path}: {(int)response.StatusCode}");
        }

        using var health = await Send(http, "/health");
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);

        // The root's links name only what is there.
        using var root = System.Text.Json.JsonDocument.Parse(await http.GetStringAsync(new Uri("/", UriKind.Relative)));
        var links = root.RootElement.GetProperty("links");
        Assert.False(links.TryGetProperty("dashboard", out _), links.ToString());
        Assert.True(links.TryGetProperty("health", out _), links.ToString());
    }

    [Fact]
    public void The_settings_default_to_on_without_the_live_log_and_name_a_bad_value()
    {
        var defaults = DashboardSettings.Load(Configuration());
        Assert.Equal((true, false), (defaults.Enabled, defaults.LiveLog));
        var set = DashboardSettings.Load(Configuration(("Kasparro:Dashboard:Enabled", "False"), ("Kasparro:Dashboard:LiveLog", " true ")));
        Assert.Equal((false, true), (set.Enabled, set.LiveLog));
        var error = Assert.Throws<KasparroConfigurationException>(() => DashboardSettings.Load(Configuration(("Kasparro:Dashboard:LiveLog", "on"))));
        Assert.Contains("Kasparro:Dashboard:LiveLog", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Basic dXNlcjpzM2NyZXQ=", "s3cret")]
    [InlineData("basic OnMzY3JldA==", "s3cret")]
    [InlineData("Basic dXNlcjpwYXNzOndpdGg6Y29sb25z", "pass:with:colons")]
    [InlineData("Basic dXNlcjo=", "")]
    [InlineData("Basic bm8tY29sb24=", null)]
    [InlineData("Basic ###", null)]
    [InlineData("Bearer dXNlcjpzM2NyZXQ=", null)]
    [InlineData("", null)]
    public void The_Basic_password_is_all_after_the_first_colon(string header, string? expected) =>
        Assert.Equal(expected, DashboardCredentials.BasicPassword(header));

    private static AuthenticationHeaderValue Basic(string user, string password) =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));

    private static async Task<HttpResponseMessage> Send(HttpClient http, string path, Action<HttpRequestMessage>? configure = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(path, UriKind.Relative));
        configure?.Invoke(request);
        return await http.SendAsync(request);
    }

    private static IConfiguration Configuration(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => KeyValuePair.Create(v.Key, (string?)v.Value))).Build();
}
