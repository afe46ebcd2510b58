using System.Net;
using System.Text.Json;
using Kasparro.Api.Hosting;
using Kasparro.Api.Http;
using Kasparro.Grains.Configuration;
using Kasparro.IntegrationTests.Gateway;
using Microsoft.Extensions.Configuration;

namespace Kasparro.IntegrationTests.Api;

/// <summary>The API key: the comparison, the settings, a gateway without a key, and keys required for reads.</summary>
public sealed class ApiKeyTests
{
    [Theory]
    [InlineData("s3cret-key", true)]
    [InlineData("s3cret-kez", false)]
    [InlineData("s3cret-ke", false)]
    [InlineData("s3cret-key ", false)]
    [InlineData("S3CRET-KEY", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void The_key_comparison_accepts_only_the_exact_key(string? presented, bool expected) =>
        Assert.Equal(expected, ApiKeyComparer.Matches(presented, ApiKeyComparer.Hash("s3cret-key")));

    [Fact]
    public void The_key_comparison_works_on_fixed_length_hashes_whatever_the_key_lengths()
    {
        // FixedTimeEquals returns at once for spans of different lengths; hashing first makes every comparison 32 bytes.
        Assert.Equal(32, ApiKeyComparer.Hash("").Length);
        Assert.Equal(32, ApiKeyComparer.Hash(new string('k', 10_000)).Length);
        Assert.True(ApiKeyComparer.Matches("ключ-🔑", ApiKeyComparer.Hash("ключ-🔑")));
    }

    [Fact]
    public void Settings_never_print_the_key_and_refuse_reads_protected_without_one()
    {
        var settings = ApiSettings.Load(Configuration(("Kasparro:Api:ApiKey", "hunter2-key")));
        Assert.True(settings.Matches("hunter2-key"));
        Assert.DoesNotContain("hunter2", settings.ToString(), StringComparison.Ordinal);

        var error = Assert.Throws<KasparroConfigurationException>(() => ApiSettings.Load(Configuration(("Kasparro:Api:RequireKeyForReads", "true"))));
        Assert.Contains("Kasparro:Api:ApiKey", error.Message, StringComparison.Ordinal);
        Assert.Throws<KasparroConfigurationException>(() => ApiSettings.Load(Configuration(("Kasparro:Api:RequireKeyForReads", "yes"))));
    }

    [Fact]
    public void Several_keys_are_accepted_at_once_from_the_setting_the_list_and_a_key_file()
    {
        var file = Path.GetTempFileName();
        try
        {
            File.WriteAllLines(file, ["# rotated 2026-12-01", "", "  from-file-new  ", "from-file-old"]);
            var settings = ApiSettings.Load(Configuration(
                ("Kasparro:Api:ApiKey", "single-key"),
                ("Kasparro:Api:ApiKeys:0", "listed-a"),
                ("Kasparro:Api:ApiKeys:1", "listed-b"),
                ("Kasparro:Api:ApiKeyFile", file)));

            Assert.All(new[] { "single-key", "listed-a", "listed-b", "from-file-new", "from-file-old" }, k => Assert.True(settings.Matches(k), k));
            Assert.All(new string?[] { "# rotated 2026-12-01", "", "  from-file-new  ", "listed-c", null }, k => Assert.False(settings.Matches(k), k ?? "null"));
            Assert.DoesNotContain("from-file", settings.ToString(), StringComparison.Ordinal);

            File.WriteAllLines(file, ["# only a comment", " "]);
            var empty = Assert.Throws<KasparroConfigurationException>(() => ApiSettings.Load(Configuration(("Kasparro:Api:ApiKeyFile", file))));
            Assert.Contains("Kasparro:Api:ApiKeyFile", empty.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }

        var missing = Assert.Throws<KasparroConfigurationException>(() => ApiSettings.Load(Configuration(("Kasparro:Api:ApiKeyFile", "/nonexistent/kasparro-key"))));
        Assert.Contains("Kasparro:Api:ApiKeyFile", missing.Message, StringComparison.Ordinal);
        Assert.True(ApiSettings.Load(Configuration(("Kasparro:Api:RequireKeyForReads", "true"), ("Kasparro:Api:ApiKeys:0", "k"))).RequireKeyForReads);
    }

    [Fact]
    public async Task Without_a_configured_key_writes_are_403_naming_the_setting_and_reads_are_open()
    {
        await using var gateway = GatewayFactory.Standalone(connectionString: null);
        using var http = gateway.CreateClient();

        using var post = await http.PostAsync(new Uri("/sources/csv/runs", UriKind.Relative), null);
        using var doc = JsonDocument.Parse(await post.Content.ReadAsStringAsync());
        using var read = await http.GetAsync(new Uri("/data", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Forbidden, post.StatusCode);
        Assert.Equal("application/problem+json", post.Content.Headers.ContentType?.MediaType);
        Assert.Contains("Kasparro:Api:ApiKey", doc.RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.False(string.IsNullOrEmpty(doc.RootElement.GetProperty("request_id").GetString()));
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
    }

    [Fact]
    public async Task RequireKeyForReads_protects_the_reads_but_not_health_metrics_or_docs()
    {
        await using var gateway = GatewayFactory.Standalone(connectionString: null, extra: new Dictionary<string, string?>
        {
            ["Kasparro:Api:ApiKey"] = "reader-key",
            ["Kasparro:Api:RequireKeyForReads"] = "true",
        });
        using var http = gateway.CreateClient();

        foreach (var path in new[] { "/data", "/news", "/runs", "/stats", "/drift", "/sources", "/compare-runs", "/sources/csv/events" })
        {
            using var anonymous = await http.GetAsync(new Uri(path, UriKind.Relative));
            Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        }

        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("/data", UriKind.Relative));
        request.Headers.Add("X-API-Key", "reader-key");
        using var keyed = await http.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, keyed.StatusCode);
        foreach (var path in new[] { "/", "/health", "/health/live", "/metrics", "/openapi/v1.json" })
        {
            using var open = await http.GetAsync(new Uri(path, UriKind.Relative));
            Assert.Equal(HttpStatusCode.OK, open.StatusCode);
        }
    }

    private static IConfiguration Configuration(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => KeyValuePair.Create(v.Key, (string?)v.Value))).Build();
}
