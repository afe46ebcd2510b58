using Kasparro.Grains.Alerts;
using Kasparro.Grains.Configuration;
using Kasparro.Grains.Interfaces.Alerts;
using Microsoft.Extensions.Configuration;

namespace Kasparro.Tests.Alerts;

/// <summary>What a webhook subscription must be, through the API and configuration alike: every bad field at once, no secret quoted.</summary>
public sealed class WebhookRulesTests
{
    private const string Secret = "a-secret-of-enough-bytes-to-sign";
    private static readonly AlertOptions Any = new();

    private static WebhookDefinition Good(string? secret = Secret) =>
        new("https://hooks.example.com/x", [AlertKinds.RunFailed], ["coingecko"], WebhookFormats.Standard, secret, true);

    [Fact]
    public void A_good_definition_passes_and_a_replace_may_leave_the_secret_out()
    {
        Assert.Empty(WebhookRules.Validate("ops", Good(), null, Any));
        Assert.Empty(WebhookRules.Validate("ops", Good() with { Kinds = [], Sources = [] }, null, Any));
        var stored = new WebhookSubscription("ops", "https://hooks.example.com/x", [], [], "standard", Secret, true, "api", 1, DateTime.UtcNow, "admin");
        Assert.Empty(WebhookRules.Validate("ops", Good(secret: null), stored, Any));
        Assert.Equal(["secret"], WebhookRules.Validate("ops", Good(secret: null), null, Any).Keys);
    }

    [Fact]
    public void Every_bad_field_is_named_at_once()
    {
        var bad = new WebhookDefinition("ftp://x", ["run.failed", "run.failed", "no.such", AlertKinds.Test], ["Bad Id", "ok", "ok"], "xml", "short", true);

        var errors = WebhookRules.Validate("Not Valid", bad, null, Any);

        Assert.Equal(["format", "id", "kinds", "secret", "sources", "url"], errors.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(3, errors["kinds"].Length); // the repeat, the unknown kind, and the test kind a subscription cannot name
        Assert.Equal(2, errors["sources"].Length);
        Assert.DoesNotContain(errors.Values.SelectMany(m => m), m => m.Contains("short", StringComparison.Ordinal));
    }

    [Fact]
    public void A_url_must_be_on_the_allowed_hosts_when_they_are_set()
    {
        var options = new AlertOptions();
        options.AllowedHosts.Add("*.example.com");

        Assert.Empty(WebhookRules.Validate("ops", Good(), null, options));
        Assert.Equal(["url"], WebhookRules.Validate("ops", Good() with { Url = "https://evil.test/x" }, null, options).Keys);
        Assert.Equal(["url"], WebhookRules.Validate("ops", Good() with { Url = "https://user:pw@hooks.example.com/x" }, null, Any).Keys);
    }

    [Theory]
    [InlineData("whsec_MDEyMzQ1Njc4OWFiY2RlZg==", true)] // 16 bytes
    [InlineData("whsec_MDEyMzQ1Njc4OWFiY2Rl", false)] // 15 bytes
    [InlineData("whsec_not base64!", false)]
    [InlineData("whsec_", false)]
    [InlineData("0123456789abcdef", true)] // 16 UTF-8 bytes
    [InlineData("0123456789abcde", false)]
    public void A_secret_is_16_to_256_bytes_of_key_and_whsec_means_base64(string secret, bool valid)
    {
        var problem = WebhookRules.SecretProblem(secret);

        Assert.Equal(valid, problem is null);
        if (problem is not null && secret != WebhookRules.SecretPrefix)
        {
            Assert.DoesNotContain(secret, problem, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void The_signing_key_is_the_base64_after_whsec_else_the_utf8_secret()
    {
        Assert.Equal("0123456789abcdef"u8.ToArray(), WebhookRules.SigningKey("whsec_MDEyMzQ1Njc4OWFiY2RlZg=="));
        Assert.Equal("0123456789abcdef"u8.ToArray(), WebhookRules.SigningKey("0123456789abcdef"));
        Assert.NotNull(WebhookRules.SecretProblem(new string('x', WebhookRules.MaxSecretBytes + 1)));
    }

    [Fact]
    public void Configuration_declarations_are_read_with_defaults_arrays_or_commas_and_a_secret_file()
    {
        var file = Path.GetTempFileName();
        File.WriteAllText(file, Secret + "\n");
        try
        {
            var declared = WebhookDeclarations.Load(Configuration(new()
            {
                ["Kasparro:Alerts:Webhooks:ops:Url"] = "https://hooks.example.com/ops",
                ["Kasparro:Alerts:Webhooks:ops:Secret"] = Secret,
                ["Kasparro:Alerts:Webhooks:ops:Kinds:0"] = "run.failed",
                ["Kasparro:Alerts:Webhooks:ops:Kinds:1"] = "drift.detected",
                ["Kasparro:Alerts:Webhooks:slack:Url"] = "https://hooks.slack.com/services/T/B/X",
                ["Kasparro:Alerts:Webhooks:slack:SecretFile"] = file,
                ["Kasparro:Alerts:Webhooks:slack:Sources"] = "coingecko, csv",
                ["Kasparro:Alerts:Webhooks:slack:Format"] = "slack",
                ["Kasparro:Alerts:Webhooks:slack:Enabled"] = "false",
            })).Declared;

            Assert.Equal(["ops", "slack"], declared.Keys.Order(StringComparer.Ordinal));
            Assert.Equal(["run.failed", "drift.detected"], declared["ops"].Kinds);
            Assert.Equal(("standard", true), (declared["ops"].Format, declared["ops"].Enabled));
            Assert.Equal(["coingecko", "csv"], declared["slack"].Sources);
            Assert.Equal(("slack", false, Secret), (declared["slack"].Format, declared["slack"].Enabled, declared["slack"].Secret));
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void A_bad_declaration_stops_the_start_naming_each_key_and_never_the_secret()
    {
        var failure = Assert.Throws<KasparroConfigurationException>(() => WebhookDeclarations.Load(Configuration(new()
        {
            ["Kasparro:Alerts:AllowedHosts:0"] = "hooks.example.com",
            ["Kasparro:Alerts:Webhooks:ops:Url"] = "https://other.example.com/x",
            ["Kasparro:Alerts:Webhooks:ops:Secret"] = "tiny-secret",
            ["Kasparro:Alerts:Webhooks:ops:Kinds:0"] = "run.exploded",
            ["Kasparro:Alerts:Webhooks:ops:Enabled"] = "sometimes",
            ["Kasparro:Alerts:Webhooks:ops:Colour"] = "red",
            ["Kasparro:Alerts:Webhooks:Bad:Url"] = "https://hooks.example.com/x",
            ["Kasparro:Alerts:Webhooks:Bad:Secret"] = Secret,
            ["Kasparro:Alerts:Webhooks:nofile:Url"] = "https://hooks.example.com/x",
            ["Kasparro:Alerts:Webhooks:nofile:SecretFile"] = "/no/such/secret/file",
        })));

        foreach (var key in new[]
        {
            "Kasparro:Alerts:Webhooks:ops:Url:", "Kasparro:Alerts:Webhooks:ops:Secret:", "Kasparro:Alerts:Webhooks:ops:Kinds:",
            "Kasparro:Alerts:Webhooks:ops:Enabled is", "Kasparro:Alerts:Webhooks:ops:Colour is not a webhook setting",
            "Kasparro:Alerts:Webhooks:Bad:", "Kasparro:Alerts:Webhooks:nofile:SecretFile:",
        })
        {
            Assert.Contains(key, failure.Message, StringComparison.Ordinal);
        }

        Assert.DoesNotContain("tiny-secret", failure.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void No_declarations_is_none()
    {
        Assert.Empty(WebhookDeclarations.Load(Configuration([])).Declared);
    }

    private static IConfiguration Configuration(Dictionary<string, string?> settings) =>
        new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
}
