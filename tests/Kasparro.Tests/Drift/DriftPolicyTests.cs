using Kasparro.Grains.Drift;
using Kasparro.Grains.Interfaces.Drift;
using Kasparro.Grains.Normalization;
using static Kasparro.Tests.Drift.DriftSamplesFor;

namespace Kasparro.Tests.Drift;

/// <summary>What each policy decides on a report, and renames overlaid on the column map.</summary>
public sealed class DriftPolicyTests
{
    private static readonly ExpectedSchema Mapped = CsvSchema(new Dictionary<string, string> { ["price"] = "current_price" });

    /// <summary>current_price arrives as currentPrice, volume_24h as vol24h (0.8), and a column is new.</summary>
    private static DriftReport Renamed() => Analyze(Mapped, Csv((_, row) =>
    {
        row["currentPrice"] = row["price"];
        row["vol24h"] = row["volume_24h"];
        row["exchange"] = "x";
        row.Remove("price");
        row.Remove("volume_24h");
    }));

    private static DriftReport KeyMissing() => Analyze(CsvSchema(), Csv((_, row) => row.Remove("timestamp")));

    [Theory]
    [InlineData(DriftPolicy.Evolve)]
    [InlineData(DriftPolicy.Warn)]
    [InlineData(DriftPolicy.Freeze)]
    public void Without_drift_every_policy_continues(DriftPolicy policy) =>
        Assert.IsType<DriftDecision.Continue>(DriftPolicies.Decide(policy, Analyze(CsvSchema(), Csv())));

    [Fact]
    public void Evolve_applies_the_confident_renames()
    {
        var decision = Assert.IsType<DriftDecision.ApplyRenames>(DriftPolicies.Decide(DriftPolicy.Evolve, Renamed()));

        Assert.Equal(2, decision.Renames.Count);
        Assert.Equal("currentPrice", decision.Renames["current_price"]);
        Assert.Equal("vol24h", decision.Renames["volume_24h"]);
    }

    [Fact]
    public void Evolve_skips_a_match_below_the_threshold_and_continues_without_renames()
    {
        var report = Renamed() with { FuzzyMatches = [new FuzzyMatch("market_cap", "cap", 0.5, false)] };

        Assert.IsType<DriftDecision.Continue>(DriftPolicies.Decide(DriftPolicy.Evolve, report));
        Assert.IsType<DriftDecision.Continue>(DriftPolicies.Decide(DriftPolicy.Evolve, KeyMissing()));
    }

    [Fact]
    public void Warn_continues_even_on_breaking_drift()
    {
        Assert.IsType<DriftDecision.Continue>(DriftPolicies.Decide(DriftPolicy.Warn, KeyMissing()));
        Assert.IsType<DriftDecision.Continue>(DriftPolicies.Decide(DriftPolicy.Warn, Renamed()));
    }

    [Fact]
    public void Freeze_fails_on_a_missing_or_retyped_key_field_naming_it()
    {
        var missing = Assert.IsType<DriftDecision.FailRun>(DriftPolicies.Decide(DriftPolicy.Freeze, KeyMissing()));
        var retyped = Assert.IsType<DriftDecision.FailRun>(DriftPolicies.Decide(
            DriftPolicy.Freeze, Analyze(CoinGeckoSchema(), CoinGecko(i => Coin(i, currentPrice: "\"1\"")))));

        Assert.Contains("key fields missing: timestamp", missing.Reason, StringComparison.Ordinal);
        Assert.Contains("key fields retyped: current_price (Number -> String)", retyped.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Freeze_fails_on_a_renamed_key_field_but_continues_on_non_breaking_drift()
    {
        var renamed = Assert.IsType<DriftDecision.FailRun>(DriftPolicies.Decide(DriftPolicy.Freeze, Renamed()));
        var extraOnly = Analyze(CsvSchema(), Csv((_, row) => row["exchange"] = "x"));
        var optionalGone = Analyze(CsvSchema(), Csv((_, row) => row.Remove("market_cap")));

        Assert.Contains("key fields renamed: current_price (now 'currentPrice')", renamed.Reason, StringComparison.Ordinal);
        Assert.IsType<DriftDecision.Continue>(DriftPolicies.Decide(DriftPolicy.Freeze, extraOnly));
        Assert.IsType<DriftDecision.Continue>(DriftPolicies.Decide(DriftPolicy.Freeze, optionalGone));
    }

    [Fact]
    public void Renames_overlaid_on_the_column_map_make_the_normalizer_read_the_new_columns()
    {
        var configured = new ColumnMap(new Dictionary<string, string> { ["price"] = "current_price" });
        var decision = Assert.IsType<DriftDecision.ApplyRenames>(DriftPolicies.Decide(DriftPolicy.Evolve, Renamed()));

        var evolved = configured.WithRenames(decision.Renames);

        Assert.Equal("currentPrice", evolved.SourceName("price"));
        Assert.Equal("vol24h", evolved.SourceName("volume_24h"));
        Assert.Equal("market_cap", evolved.SourceName("market_cap"));
        Assert.Equal("current_price", configured.SourceName("price")); // the configured map is unchanged
        var row = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase) { ["currentPrice"] = "42.5" };
        Assert.Equal("42.5", evolved.Value(row, "price"));
        Assert.Null(configured.Value(row, "price"));
    }
}
