using Kasparro.Grains.Configuration;
using Kasparro.Grains.Drift;
using Kasparro.Grains.Interfaces.Drift;
using Kasparro.Grains.Sources;
using Microsoft.Extensions.Configuration;

namespace Kasparro.Tests.Drift;

/// <summary>DriftPolicy and Drift:* are read with each source; the declared schema follows the source's columns.</summary>
public sealed class DriftSettingsTests
{
    private static SourceCatalog Load(params (string Key, string? Value)[] values) =>
        SourceCatalog.Load(new ConfigurationBuilder()
            .AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value)))
            .Build());

    [Fact]
    public void The_default_is_warn_with_samples_of_ten_and_no_learning()
    {
        var csv = Load().Find("csv")!;

        Assert.Equal(new DriftSettings(DriftPolicy.Warn, 10, 0, 20), csv.Drift);
        Assert.DoesNotContain("DriftPolicy", csv.Settings.Keys);
    }

    [Theory]
    [InlineData("evolve", DriftPolicy.Evolve)]
    [InlineData("Warn", DriftPolicy.Warn)]
    [InlineData(" FREEZE ", DriftPolicy.Freeze)]
    public void The_policy_is_read_case_insensitively(string text, DriftPolicy expected) =>
        Assert.Equal(expected, Load(("Kasparro:Sources:csv:DriftPolicy", text)).Find("csv")!.Drift.Policy);

    [Fact]
    public void Drift_settings_are_per_source()
    {
        var catalog = Load(
            ("Kasparro:Sources:csv:DriftPolicy", "freeze"),
            ("Kasparro:Sources:csv:Drift:SampleSize", "25"),
            ("Kasparro:Sources:csv:Drift:LearnFromRuns", "3"),
            ("Kasparro:Sources:csv:Drift:HistoryLimit", "5"));

        Assert.Equal(new DriftSettings(DriftPolicy.Freeze, 25, 3, 5), catalog.Find("csv")!.Drift);
        Assert.Equal(DriftSettings.Default, catalog.Find("rss")!.Drift);
    }

    [Theory]
    [InlineData("Kasparro:Sources:csv:DriftPolicy", "strict", "Kasparro:Sources:csv:DriftPolicy is 'strict': expected one of evolve, warn, freeze.")]
    [InlineData("Kasparro:Sources:csv:DriftPolicy", "1", "Kasparro:Sources:csv:DriftPolicy is '1': expected one of evolve, warn, freeze.")]
    [InlineData("Kasparro:Sources:csv:Drift:SampleSize", "0", "Kasparro:Sources:csv:Drift:SampleSize must be between 1 and 1000.")]
    [InlineData("Kasparro:Sources:csv:Drift:LearnFromRuns", "-1", "Kasparro:Sources:csv:Drift:LearnFromRuns must be between 0 and 1000.")]
    public void A_bad_value_names_its_key(string key, string value, string message)
    {
        var error = Assert.Throws<KasparroConfigurationException>(() => Load((key, value)));

        Assert.Equal(message, error.Message);
    }

    [Fact]
    public void The_declared_schema_follows_the_column_map_and_the_kind()
    {
        var catalog = Load(
            ("Kasparro:Sources:exchange-b:Kind", "Csv"),
            ("Kasparro:Sources:exchange-b:Url", "b.csv"),
            ("Kasparro:Sources:exchange-b:Columns:price", "current_price"));

        var csv = ExpectedSchemas.For(catalog.Find("exchange-b")!);
        var coingecko = ExpectedSchemas.For(catalog.Find("coingecko")!);
        var rss = ExpectedSchemas.For(catalog.Find("rss")!);

        Assert.Equal(["id", "symbol", "name", "current_price", "market_cap", "volume_24h", "price_change_24h", "timestamp"], csv.Fields.Select(f => f.Name));
        Assert.Equal(new ExpectedField("current_price", FieldType.Number, true, 0), csv.Fields[3]);
        Assert.False(csv.Json);
        Assert.Equal(["id", "symbol", "name", "current_price", "market_cap", "total_volume", "price_change_percentage_24h", "last_updated"], coingecko.Fields.Select(f => f.Name));
        Assert.Equal(FieldType.Timestamp, coingecko.Fields[^1].Type);
        Assert.True(coingecko.Json);
        Assert.Contains("ath", coingecko.Known);
        Assert.Equal(["key", "title", "link", "published", "summary", "authors", "categories"], rss.Fields.Select(f => f.Name));
        Assert.Equal(["key", "title"], rss.Fields.Where(f => f.Key).Select(f => f.Name));
    }
}
