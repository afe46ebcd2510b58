using Kasparro.Grains.Interfaces.Control;
using Kasparro.Grains.Interfaces.Sources;
using Kasparro.Grains.Sources;
using Microsoft.Extensions.Configuration;

namespace Kasparro.Tests.Control;

/// <summary>A definition made through the API is read and validated as a configuration entry is, every bad setting at once.</summary>
public sealed class SourceDefinitionParserTests
{
    private static readonly SourceDefinitionParser Parser = new(new ConfigurationBuilder().Build());

    [Fact]
    public void Every_bad_setting_is_named_at_once_not_only_the_first()
    {
        var errors = SourceDefinitionParser.Validate("new-one", Settings(
            ("Kind", "Spreadsheet"), ("Interval", "soon"), ("BatchSize", "0"), ("Urll", "x.csv"), ("Resilience:MaxAttempts", "99"), ("DriftPolicy", "ignore")));

        Assert.Equal(["BatchSize", "DriftPolicy", "Interval", "Kind", "Resilience:MaxAttempts", "Url", "Urll"], errors.Keys.Order(StringComparer.Ordinal));
        Assert.Contains("not a source setting", errors["Urll"][0], StringComparison.Ordinal);
        Assert.DoesNotContain(errors.Values.SelectMany(e => e), m => m.Contains("Kasparro:Sources", StringComparison.Ordinal));
    }

    [Fact]
    public void A_valid_definition_parses_over_the_defaults_and_an_invalid_id_is_refused()
    {
        var settings = Settings(("Kind", "csv"), ("Url", "data/b.csv"), ("Interval", "00:00:30"), ("Columns:symbol", "ticker"), ("Pages", "2"));
        Assert.Empty(SourceDefinitionParser.Validate("b", settings));

        var definition = Parser.Parse(new SourceDocument("b", settings, SourceManager.Api, 1, DateTime.UtcNow, "t"));

        Assert.Equal((SourceKind.Csv, "data/b.csv", TimeSpan.FromSeconds(30), DefaultSources.CsvBatchSize, "ticker"),
            (definition.Kind, definition.Url, definition.Interval, definition.BatchSize, definition.Columns["symbol"]));
        Assert.Equal([""], SourceDefinitionParser.Validate("Not Valid", settings).Keys);
    }

    [Fact]
    public void A_built_in_source_needs_no_settings_and_configuration_keys_come_relative_to_the_entry()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Kasparro:Sources:csv:Url"] = "x.csv",
            ["Kasparro:Sources:csv:Columns:symbol"] = "sym",
            ["Kasparro:Sources:csv:Resilience:MaxAttempts"] = "2",
        }).Build();

        var declared = SourceCatalog.Load(configuration).Declared;

        Assert.Equal(["Columns:symbol", "Resilience:MaxAttempts", "Url"], declared["csv"].Keys.Order(StringComparer.Ordinal));
        Assert.Empty(declared["rss"]);
        Assert.Equal(SourceKind.Rss, Parser.Parse(new SourceDocument("rss", declared["rss"], SourceManager.Configuration, 1, DateTime.UtcNow, "configuration")).Kind);
    }

    [Fact]
    public void A_diff_names_every_changed_setting_and_never_shows_a_secret()
    {
        var before = Settings(("Url", "a"), ("ApiKey", "old-secret"), ("Interval", "00:05:00"));
        var after = Settings(("Url", "b"), ("ApiKey", "new-secret"), ("BatchSize", "10"), ("Interval", "00:05:00"));

        var diff = SourceSettings.Diff(before, after);

        Assert.Equal(["ApiKey", "BatchSize", "Url"], diff.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(new SettingChange("***", "***"), diff["ApiKey"]);
        Assert.Equal(new SettingChange(null, "10"), diff["BatchSize"]);
        Assert.Equal("***", SourceSecrets.Mask(after)["ApiKey"]);
    }

    [Theory]
    [InlineData("/srv/data/feeds/b.csv", ".../b.csv")]
    [InlineData("C:\\data\\b.csv", ".../b.csv")]
    [InlineData("https://user:pw@api.example.com/v3/markets?key=s3cret", "https://api.example.com/v3/markets?***")]
    [InlineData("https://api.example.com/rss", "https://api.example.com/rss")]
    public void A_location_is_shown_without_the_machine_s_path_credentials_or_query(string url, string shown)
    {
        Assert.Equal(shown, SourceSecrets.Shown("Url", url));
        Assert.Equal(shown, SourceSettings.Diff(null, Settings(("Url", url)))["Url"].After);
    }

    private static IReadOnlyDictionary<string, string> Settings(params (string Key, string Value)[] pairs) =>
        SourceSettings.Normalize(pairs.Select(p => KeyValuePair.Create(p.Key, p.Value)));
}
