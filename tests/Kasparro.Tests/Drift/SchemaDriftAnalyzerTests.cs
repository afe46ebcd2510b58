using Kasparro.Grains.Interfaces.Drift;
using static Kasparro.Tests.Drift.DriftSamplesFor;

namespace Kasparro.Tests.Drift;

/// <summary>Missing, extra and renamed fields, confidence and warnings.</summary>
public sealed class SchemaDriftAnalyzerTests
{
    [Fact]
    public void An_exact_match_has_confidence_one_and_no_drift()
    {
        var report = Analyze(CsvSchema(), Csv());

        Assert.False(report.DriftDetected);
        Assert.False(report.Breaking);
        Assert.Equal(1.0, report.Confidence);
        Assert.Equal(10, report.SampleSize);
        Assert.Empty(report.MissingFields);
        Assert.Empty(report.ExtraFields);
        Assert.Empty(report.FuzzyMatches);
        Assert.Empty(report.TypeChanges);
        Assert.Empty(report.NullRateChanges);
        Assert.Empty(report.Warnings);
        Assert.Equal(("test", "csv-market-quote", At), (report.Source, report.SchemaName, report.DetectedAt));
    }

    [Fact]
    public void Field_names_match_case_insensitively_as_the_normalizer_reads_them()
    {
        var samples = Csv().Select(s => DriftSample.FromText(
            s.Fields!.ToDictionary(f => f.Key == "price" ? "PRICE" : f.Key, f => f.Value, StringComparer.Ordinal))).ToList();

        var report = Analyze(CsvSchema(), samples);

        Assert.Contains("PRICE", samples[0].Fields!.Keys);
        Assert.False(report.DriftDetected);
        Assert.Equal(1.0, report.Confidence);
    }

    [Fact]
    public void More_than_half_missing_is_breaking_drift_with_a_warning()
    {
        // Only id, symbol and name are left: 5 of 8 expected fields are gone.
        var report = Analyze(CsvSchema(), Csv((_, row) =>
        {
            foreach (var gone in new[] { "price", "market_cap", "volume_24h", "price_change_24h", "timestamp" })
            {
                row.Remove(gone);
            }
        }));

        Assert.True(report.DriftDetected);
        Assert.True(report.Breaking);
        Assert.Equal(0.375, report.Confidence);
        Assert.Equal(["price", "market_cap", "volume_24h", "price_change_24h", "timestamp"], report.MissingFields);
        Assert.Equal(["price", "timestamp"], report.BreakingFields);
        var warning = Assert.Single(report.Warnings);
        Assert.StartsWith("5 of 8 expected fields are missing (63%)", warning, StringComparison.Ordinal);
    }

    [Fact]
    public void Exactly_half_missing_is_drift_without_the_warning()
    {
        var report = Analyze(CsvSchema(), Csv((_, row) =>
        {
            foreach (var gone in new[] { "market_cap", "volume_24h", "price_change_24h", "timestamp" })
            {
                row.Remove(gone);
            }
        }));

        Assert.True(report.DriftDetected);
        Assert.Equal(0.5, report.Confidence);
        Assert.Empty(report.Warnings);
    }

    [Fact]
    public void Extra_fields_are_listed_in_the_order_seen_and_many_of_them_warn()
    {
        var few = Analyze(CsvSchema(), Csv((i, row) =>
        {
            row["exchange"] = "binance";
            row["rank"] = i.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }));
        var many = Analyze(CsvSchema(), Csv((_, row) =>
        {
            foreach (var name in new[] { "exchange", "pair", "base_asset", "quote_asset" })
            {
                row[name] = "x";
            }
        }));

        Assert.True(few.DriftDetected);
        Assert.False(few.Breaking);
        Assert.Equal(1.0, few.Confidence);
        Assert.Equal(["exchange", "rank"], few.ExtraFields);
        Assert.Empty(few.Warnings); // 2 of 10 fields are new: 20%
        Assert.Equal(4, many.ExtraFields.Count);
        Assert.Equal("4 of 12 fields are new (33%): exchange, pair, base_asset, quote_asset", Assert.Single(many.Warnings));
    }

    [Fact]
    public void CurrentPrice_is_matched_to_current_price_with_full_score()
    {
        var schema = CsvSchema(new Dictionary<string, string> { ["price"] = "current_price" });
        var report = Analyze(schema, Csv((_, row) =>
        {
            row["currentPrice"] = row["price"];
            row.Remove("price");
        }));

        var match = Assert.Single(report.FuzzyMatches);
        Assert.Equal(new FuzzyMatch("current_price", "currentPrice", 1.0, Key: true), match);
        Assert.True(report.DriftDetected);
        Assert.False(report.Breaking); // renamed with confidence, not lost
        Assert.Equal(1.0, report.Confidence);
        Assert.Empty(report.MissingFields);
        Assert.Empty(report.ExtraFields);
    }

    [Fact]
    public void A_fuzzy_rename_needs_a_score_of_at_least_0_7()
    {
        // "mkt_cap" ~ "market_cap": 0.8; "time" ~ "timestamp": 0.62, too far.
        var report = Analyze(CsvSchema(), Csv((_, row) =>
        {
            row["mkt_cap"] = row["market_cap"];
            row["time"] = row["timestamp"];
            row.Remove("market_cap");
            row.Remove("timestamp");
        }));

        var match = Assert.Single(report.FuzzyMatches);
        Assert.Equal(("market_cap", "mkt_cap", 0.8), (match.Expected, match.Observed, match.Score));
        Assert.Equal(["timestamp"], report.MissingFields);
        Assert.Equal(["time"], report.ExtraFields);
        Assert.Equal(0.875, report.Confidence);
        Assert.True(report.Breaking);
    }

    [Fact]
    public void Each_expected_field_takes_at_most_one_observed_field_best_score_first()
    {
        var schema = new ExpectedSchema("s", false, [new ExpectedField("volume_24h", FieldType.Number, false)], []);
        var report = Analyze(schema, [DriftSample.FromText(new Dictionary<string, string?> { ["vol24h"] = "1", ["volume24h"] = "2" })]);

        Assert.Equal(new FuzzyMatch("volume_24h", "volume24h", 1.0, false), Assert.Single(report.FuzzyMatches));
        Assert.Equal(["vol24h"], report.ExtraFields);
    }

    [Fact]
    public void Three_of_five_expected_fields_give_confidence_0_6()
    {
        var schema = new ExpectedSchema("five", false,
            [.. new[] { "alpha", "beta", "gamma", "delta", "epsilon" }.Select(n => new ExpectedField(n, FieldType.String, false))], []);
        var samples = Enumerable.Range(0, 5)
            .Select(_ => DriftSample.FromText(new Dictionary<string, string?> { ["alpha"] = "a", ["beta"] = "b", ["gamma"] = "c" }))
            .ToList();

        var report = Analyze(schema, samples);

        Assert.Equal(0.6, report.Confidence);
        Assert.Equal(["delta", "epsilon"], report.MissingFields);
        Assert.True(report.DriftDetected);
        Assert.False(report.Breaking); // none of them is a key field
        Assert.Empty(report.Warnings); // 2 of 5 missing is not more than half
    }

    [Fact]
    public void The_full_coingecko_payload_is_no_drift_and_a_new_field_is_extra()
    {
        var clean = Analyze(CoinGeckoSchema(), CoinGecko());
        var added = Analyze(CoinGeckoSchema(), CoinGecko(i => Coin(i, extra: ",\"price_change_percentage_7d\":3.5")));

        Assert.False(clean.DriftDetected);
        Assert.Equal(1.0, clean.Confidence);
        Assert.Equal(["price_change_percentage_7d"], added.ExtraFields);
        Assert.Empty(added.Warnings); // 1 of 27 fields is new
    }

    [Fact]
    public void An_empty_sample_is_no_drift()
    {
        var report = Analyze(CsvSchema(), []);

        Assert.False(report.DriftDetected);
        Assert.Equal((0, 1.0), (report.SampleSize, report.Confidence));
    }
}
