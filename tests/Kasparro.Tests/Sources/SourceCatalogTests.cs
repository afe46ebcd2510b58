using Kasparro.Grains.Configuration;
using Kasparro.Grains.Interfaces.Sources;
using Kasparro.Grains.Sources;
using Microsoft.Extensions.Configuration;

namespace Kasparro.Tests.Sources;

public sealed class SourceCatalogTests
{
    private static SourceCatalog Load(params (string Key, string? Value)[] values) =>
        SourceCatalog.Load(new ConfigurationBuilder()
            .AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value)))
            .Build());

    [Fact]
    public void The_defaults_define_coingecko_csv_and_rss()
    {
        var catalog = Load();

        Assert.Equal(["coingecko", "csv", "rss"], catalog.All.Select(s => s.Id).Order());
        Assert.Equal(SourceKind.Csv, catalog.Find("csv")!.Kind);
        Assert.All(catalog.All, s => Assert.True(s.Enabled));
        Assert.Equal("current_price", catalog.Find("coingecko")!.Columns["price"]);
    }

    [Fact]
    public void A_second_csv_source_is_one_more_entry_with_its_own_settings()
    {
        var catalog = Load(
            ("Kasparro:Sources:exchange-b:Kind", "csv"),
            ("Kasparro:Sources:exchange-b:Url", "file:///data/b.csv"),
            ("Kasparro:Sources:exchange-b:Interval", "00:00:30"),
            ("Kasparro:Sources:exchange-b:BatchSize", "5000"),
            ("Kasparro:Sources:exchange-b:Columns:price", "current_price"),
            ("Kasparro:Sources:exchange-b:FailureInjection:Enabled", "true"),
            ("Kasparro:Sources:exchange-b:FailureInjection:FailureType", "rate_limit"),
            ("Kasparro:FailureInjection:Probability", "0.25"));

        var b = catalog.Find("exchange-b")!;

        Assert.Equal((SourceKind.Csv, "file:///data/b.csv", TimeSpan.FromSeconds(30), 5000), (b.Kind, b.Url, b.Interval, b.BatchSize));
        Assert.Equal("current_price", b.Columns["price"]);
        Assert.Equal(new FailureInjectionSettings(true, 0.25, null, FailureType.RateLimit, null), b.FailureInjection);
        Assert.Equal(FailureInjectionSettings.Off with { Probability = 0.25 }, catalog.Find("csv")!.FailureInjection);
    }

    [Fact]
    public void Every_csv_source_without_a_batch_size_gets_the_csv_default_and_other_kinds_keep_theirs()
    {
        var catalog = Load(
            ("Kasparro:Sources:exchange-c:Kind", "csv"),
            ("Kasparro:Sources:exchange-c:Url", "file:///data/c.csv"),
            ("Kasparro:Sources:feed-b:Kind", "rss"),
            ("Kasparro:Sources:feed-b:Url", "https://example.com/feed"));

        Assert.Equal(50_000, catalog.Find("exchange-c")!.BatchSize);
        Assert.Equal(catalog.Find("csv")!.BatchSize, catalog.Find("exchange-c")!.BatchSize);
        Assert.Equal(1000, catalog.Find("feed-b")!.BatchSize);
    }

    [Theory]
    [InlineData("Kasparro:Sources:x:Kind", "Ftp", "Kasparro:Sources:x:Kind")]
    [InlineData("Kasparro:Sources:csv:Url", "ftp://host/file.csv", "Kasparro:Sources:csv:Url")]
    [InlineData("Kasparro:Sources:csv:Interval", "00:00:00", "Kasparro:Sources:csv:Interval")]
    [InlineData("Kasparro:Sources:csv:BatchSize", "0", "Kasparro:Sources:csv:BatchSize")]
    [InlineData("Kasparro:Sources:csv:Enabled", "maybe", "Kasparro:Sources:csv:Enabled")]
    [InlineData("Kasparro:Sources:Bad_Id:Kind", "Csv", "Kasparro:Sources:Bad_Id")]
    [InlineData("Kasparro:FailureInjection:FailureType", "meteor", "Kasparro:FailureInjection:FailureType")]
    [InlineData("Kasparro:Sources:csv:FailureInjection:Probability", "lots", "Kasparro:Sources:csv:FailureInjection:Probability")]
    [InlineData("Kasparro:Sources:csv:Encoding", "klingon", "Kasparro:Sources:csv:Encoding")]
    [InlineData("Kasparro:Sources:csv:Encoding", "utf-16", "Kasparro:Sources:csv:Encoding")]
    [InlineData("Kasparro:Sources:csv:Encoding", "shift_jis", "Kasparro:Sources:csv:Encoding")]
    [InlineData("Kasparro:Sources:csv:Encoding", "IBM037", "Kasparro:Sources:csv:Encoding")]
    [InlineData("Kasparro:Sources:csv:MaxRejectionRate", "1.5", "Kasparro:Sources:csv:MaxRejectionRate")]
    [InlineData("Kasparro:Sources:csv:MaxRejectionRate", "-0.1", "Kasparro:Sources:csv:MaxRejectionRate")]
    [InlineData("Kasparro:Sources:csv:MaxRejectionRate", "half", "Kasparro:Sources:csv:MaxRejectionRate")]
    [InlineData("Kasparro:Sources:csv:Resilience:MaxAttempts", "50", "Kasparro:Sources:csv:Resilience:MaxAttempts")]
    [InlineData("Kasparro:Sources:csv:Resilience:MinDelay", "soon", "Kasparro:Sources:csv:Resilience:MinDelay")]
    [InlineData("Kasparro:Sources:coingecko:ApiPlan", "Gold", "Kasparro:Sources:coingecko:ApiPlan")]
    [InlineData("Kasparro:Sources:coingecko:PerPage", "500", "Kasparro:Sources:coingecko:PerPage")]
    public void Bad_entries_name_their_key(string key, string value, string named)
    {
        var error = Assert.Throws<KasparroConfigurationException>(() => Load((key, value), ("Kasparro:Sources:x:Url", "a.csv")));

        Assert.StartsWith(named, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_rejection_limit_defaults_to_half_and_is_set_per_source()
    {
        var catalog = Load(("Kasparro:Sources:csv:MaxRejectionRate", "0.05"));

        Assert.Equal(0.05, catalog.Find("csv")!.MaxRejectionRate);
        Assert.Equal(0.5, catalog.Find("rss")!.MaxRejectionRate);
        Assert.False(catalog.Find("csv")!.Settings.ContainsKey("MaxRejectionRate"));
    }

    [Theory]
    [InlineData("https://example.com/a.csv", false)]
    [InlineData("file:///tmp/a.csv", true)]
    [InlineData("/tmp/a.csv", true)]
    [InlineData("relative/a.csv", true)]
    public void Locations_are_urls_file_urls_or_paths(string text, bool isFile)
    {
        Assert.True(SourceLocation.TryParse(text, out var location));
        Assert.Equal(isFile, location.IsFile);
    }

    [Theory]
    [InlineData(null, 65001)]
    [InlineData("", 65001)]
    [InlineData("UTF-8", 65001)]
    [InlineData("latin1", 28591)]
    [InlineData("iso-8859-1", 28591)]
    [InlineData("windows-1252", 1252)]
    public void A_source_encoding_defaults_to_utf8_and_accepts_single_byte_encodings(string? name, int codePage)
    {
        var catalog = Load(("Kasparro:Sources:csv:Encoding", name));

        Assert.Equal(codePage, catalog.Find("csv")!.Encoding.CodePage);
        Assert.False(catalog.Find("csv")!.Settings.ContainsKey("Encoding"), "Encoding is a known key, not a connector setting");
    }

    [Fact]
    public void CoinGecko_keys_are_bound_with_the_source()
    {
        var catalog = Load(("Kasparro:Sources:coingecko:Pages", "3"), ("Kasparro:Sources:coingecko:ApiPlan", "pro"), ("Kasparro:Sources:coingecko:ApiKey", "k"));

        Assert.Equal(new Kasparro.Grains.Connectors.CoinGecko.CoinGeckoSettings(3, 250, "usd", "k", true), catalog.Find("coingecko")!.CoinGecko);
        Assert.Equal(Kasparro.Grains.Connectors.CoinGecko.CoinGeckoSettings.Default, catalog.Find("csv")!.CoinGecko);
    }
}
