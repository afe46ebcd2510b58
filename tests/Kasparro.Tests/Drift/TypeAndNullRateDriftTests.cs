using Kasparro.Grains.Drift;
using Kasparro.Grains.Interfaces.Drift;
using static Kasparro.Tests.Drift.DriftSamplesFor;

namespace Kasparro.Tests.Drift;

/// <summary>Type changes (JSON and text rules) and null-rate jumps.</summary>
public sealed class TypeAndNullRateDriftTests
{
    [Fact]
    public void A_json_number_that_arrives_as_a_string_is_a_breaking_type_change()
    {
        var report = Analyze(CoinGeckoSchema(), CoinGecko(i => Coin(i, currentPrice: $"\"{1.5 + i}\"")));

        Assert.Equal(new TypeChange("current_price", FieldType.Number, FieldType.String, Key: true), Assert.Single(report.TypeChanges));
        Assert.True(report.DriftDetected);
        Assert.True(report.Breaking);
        Assert.Equal(["current_price"], report.BreakingFields);
        Assert.Equal(1.0, report.Confidence); // the field is there, with the wrong type
    }

    [Fact]
    public void An_object_where_a_scalar_was_is_a_type_change()
    {
        var report = Analyze(CoinGeckoSchema(), CoinGecko(i => Coin(i, symbol: $"{{\"code\":\"c{i}\"}}")));

        Assert.Equal(new TypeChange("symbol", FieldType.String, FieldType.Object, Key: true), Assert.Single(report.TypeChanges));
        Assert.True(report.Breaking);
    }

    [Fact]
    public void An_epoch_number_where_json_had_an_iso_string_is_a_type_change_but_not_in_csv()
    {
        var json = Analyze(CoinGeckoSchema(), CoinGecko(i => Coin(i, lastUpdated: "1717243170")));
        var csv = Analyze(CsvSchema(), Csv((i, row) => row["timestamp"] = (1717243170 + i).ToString(System.Globalization.CultureInfo.InvariantCulture)));

        Assert.Equal(new TypeChange("last_updated", FieldType.Timestamp, FieldType.Number, true), Assert.Single(json.TypeChanges));
        Assert.Empty(csv.TypeChanges); // the validator reads Unix seconds in text
        Assert.False(csv.DriftDetected);
    }

    [Fact]
    public void A_text_price_column_that_turns_to_words_is_a_type_change_but_a_few_bad_values_are_not()
    {
        var words = Analyze(CsvSchema(), Csv((i, row) => row["price"] = i < 6 ? "n/a" : "1.5"));
        var few = Analyze(CsvSchema(), Csv((i, row) => row["price"] = i < 2 ? "abc" : "1.5"));

        Assert.Equal(new TypeChange("price", FieldType.Number, FieldType.String, true), Assert.Single(words.TypeChanges));
        Assert.Empty(few.TypeChanges);
        Assert.False(few.DriftDetected);
    }

    [Fact]
    public void Numeric_ids_in_text_are_still_strings_but_in_json_they_are_a_change()
    {
        var csv = Analyze(CsvSchema(), Csv((i, row) => row["id"] = (100 + i).ToString(System.Globalization.CultureInfo.InvariantCulture)));
        var json = Analyze(CoinGeckoSchema(), CoinGecko(i => Coin(i).Replace($"\"id\":\"coin-{i}\"", $"\"id\":{100 + i}", StringComparison.Ordinal)));

        Assert.Empty(csv.TypeChanges);
        Assert.Equal(new TypeChange("id", FieldType.String, FieldType.Number, true), Assert.Single(json.TypeChanges));
    }

    [Fact]
    public void A_renamed_field_is_type_checked_under_its_new_name()
    {
        var report = Analyze(CsvSchema(), Csv((_, row) =>
        {
            row["Price-USD"] = "unknown";
            row.Remove("price");
        }));

        Assert.Equal("Price-USD", Assert.Single(report.FuzzyMatches).Observed);
        Assert.Equal(new TypeChange("price", FieldType.Number, FieldType.String, true), Assert.Single(report.TypeChanges));
        Assert.True(report.Breaking);
    }

    [Fact]
    public void A_null_rate_jump_is_at_least_30_points_over_the_expected_rate()
    {
        // market_cap may be empty in 20% of records; price in none.
        var jump = Analyze(CsvSchema(), Csv((i, row) => row["market_cap"] = i < 5 ? "" : row["market_cap"]));
        var within = Analyze(CsvSchema(), Csv((i, row) => row["market_cap"] = i < 4 ? " " : row["market_cap"]));
        var keyJump = Analyze(CsvSchema(), Csv((i, row) => row["price"] = i < 3 ? null : row["price"]));

        Assert.Equal(new NullRateChange("market_cap", 0.2, 0.5), Assert.Single(jump.NullRateChanges));
        Assert.True(jump.DriftDetected);
        Assert.False(jump.Breaking); // nulls are the validator's business; the report tells
        Assert.Empty(within.NullRateChanges);
        Assert.False(within.DriftDetected);
        Assert.Equal(new NullRateChange("price", 0, 0.3), Assert.Single(keyJump.NullRateChanges));
    }

    [Fact]
    public void A_json_field_absent_from_some_records_counts_as_null_there()
    {
        var report = Analyze(CoinGeckoSchema(), CoinGecko(i => i < 7
            ? Coin(i).Replace("\"total_volume\":" + (10 * i) + ",", "", StringComparison.Ordinal)
            : Coin(i)));

        Assert.Equal(new NullRateChange("total_volume", 0.2, 0.7), Assert.Single(report.NullRateChanges));
        Assert.Empty(report.MissingFields);
    }

    [Fact]
    public void A_sample_that_is_not_json_warns()
    {
        var report = Analyze(CoinGeckoSchema(), [.. CoinGecko(count: 9), DriftSample.FromJson("[1,2]")]);

        Assert.Contains("1 of 10 sampled records are not JSON objects", report.Warnings);
    }

    [Theory]
    [InlineData("42", FieldType.Number)]
    [InlineData("-1.5e3", FieldType.Number)]
    [InlineData("NaN", FieldType.Number)]
    [InlineData("2024-01-15T10:00:00Z", FieldType.Timestamp)]
    [InlineData("2024-01-15 10:00:00+02:00", FieldType.Timestamp)]
    [InlineData("2024-01-15", FieldType.Timestamp)]
    [InlineData("2024-13-45", FieldType.String)]
    [InlineData("1/2", FieldType.String)]
    [InlineData("TRUE", FieldType.Boolean)]
    [InlineData("Bitcoin", FieldType.String)]
    [InlineData("1,234", FieldType.String)]
    [InlineData("   ", null)]
    [InlineData(null, null)]
    public void Text_values_are_typed_by_what_they_read_as(string? text, FieldType? expected) =>
        Assert.Equal(expected, FieldTypeInference.OfText(text));
}
