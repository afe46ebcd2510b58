using Kasparro.Grains.Connectors;
using Kasparro.Grains.Normalization;
using Microsoft.Extensions.Time.Testing;

namespace Kasparro.Tests.Normalization;

public sealed class QuoteNormalizerTests
{
    private static readonly DateTimeOffset Now = new(2024, 6, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly Guid RunId = Guid.NewGuid();

    private static Dictionary<string, string?> Good() => new(StringComparer.OrdinalIgnoreCase)
    {
        ["id"] = " bitcoin ",
        ["symbol"] = "btc",
        ["name"] = "Bitcoin",
        ["price"] = "43250.123456789012345",
        ["market_cap"] = "8.5e11",
        ["volume_24h"] = "0",
        ["price_change_24h"] = "-2.5",
        ["timestamp"] = "2024-05-31T10:00:00+02:00",
    };

    private static NormalizationResult Normalize(Dictionary<string, string?> fields, ColumnMap? map = null) =>
        new QuoteNormalizer(map ?? ColumnMap.Identity, new FakeTimeProvider(Now))
            .Normalize(new SourceRecord(fields, "raw", "0"), "csv", RunId);

    [Fact]
    public void A_good_record_becomes_a_unified_quote_with_exact_decimals_and_utc_time()
    {
        var quote = Normalize(Good()).Quote!;

        Assert.Equal("csv", quote.Source);
        Assert.Equal("bitcoin", quote.ExternalId);
        Assert.Equal("BTC", quote.Symbol);
        Assert.Equal(43250.123456789012345m, quote.CurrentPrice);
        Assert.Equal(850_000_000_000m, quote.MarketCap);
        Assert.Equal(0m, quote.Volume24h); // a real zero stays zero
        Assert.Equal(-2.5m, quote.PriceChange24h);
        Assert.Equal(new DateTime(2024, 5, 31, 8, 0, 0, DateTimeKind.Utc), quote.LastUpdated);
        Assert.Equal(DateTimeKind.Utc, quote.LastUpdated.Kind);
        Assert.Equal(RunId, quote.RunId);
    }

    [Fact]
    public void Missing_optional_figures_stay_null()
    {
        var fields = Good();
        fields["market_cap"] = "";
        fields.Remove("volume_24h");

        var quote = Normalize(fields).Quote!;

        Assert.Null(quote.MarketCap);
        Assert.Null(quote.Volume24h);
    }

    [Theory]
    [InlineData("id", null, "missing_field")]
    [InlineData("symbol", "  ", "missing_field")]
    [InlineData("name", null, "missing_field")]
    [InlineData("price", null, "missing_field")]
    [InlineData("timestamp", "", "missing_field")]
    [InlineData("price", "12,5", "invalid_number")]
    [InlineData("price", "abc", "invalid_number")]
    [InlineData("price", "NaN", "non_finite_number")]
    [InlineData("market_cap", "Infinity", "non_finite_number")]
    [InlineData("volume_24h", "-inf", "non_finite_number")]
    [InlineData("market_cap", "1e400", "out_of_range")]
    [InlineData("price", "0.0000000000000000000000000000001", "out_of_range")]
    [InlineData("price", "12345678901234567890123456789012345678", "out_of_range")]
    [InlineData("id", "bit\0coin", "invalid_text")]
    [InlineData("symbol", "B\u0001TC", "invalid_text")]
    [InlineData("price", "-0.01", "negative_value")]
    [InlineData("market_cap", "-5", "negative_value")]
    [InlineData("volume_24h", "-1", "negative_value")]
    [InlineData("timestamp", "yesterday", "invalid_timestamp")]
    [InlineData("timestamp", "2024-05-31T10:00:00Z\0", "invalid_timestamp")]
    [InlineData("price", "4\0", "invalid_number")]
    [InlineData("timestamp", "2008-12-31T23:59:59Z", "timestamp_out_of_range")]
    [InlineData("timestamp", "2024-06-02T12:00:01Z", "timestamp_out_of_range")]
    public void Bad_records_are_rejected_with_their_reason(string field, string? value, string reason)
    {
        var fields = Good();
        fields[field] = value;

        var result = Normalize(fields);

        Assert.Null(result.Quote);
        Assert.Equal(reason, result.Rejection!.Reason);
        Assert.Contains(field, result.Rejection.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("2024-06-02T12:00:00Z")] // exactly a day ahead is still accepted
    [InlineData("2009-01-01T00:00:00Z")]
    [InlineData("1717243200")] // epoch seconds
    [InlineData("1717243200000")] // epoch milliseconds
    public void Timestamps_at_the_edges_and_epoch_forms_are_accepted(string timestamp)
    {
        var fields = Good();
        fields["timestamp"] = timestamp;

        Assert.NotNull(Normalize(fields).Quote);
    }

    [Fact]
    public void A_negative_price_change_is_fine()
    {
        var fields = Good();
        fields["price_change_24h"] = "-99.9";

        Assert.Equal(-99.9m, Normalize(fields).Quote!.PriceChange24h);
    }

    [Fact]
    public void A_column_map_renames_fields()
    {
        var fields = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
        {
            ["coin_id"] = "eth",
            ["ticker"] = "eth",
            ["name"] = "Ether",
            ["current_price"] = "3000",
            ["last_updated"] = "2024-05-01T00:00:00Z",
        };
        var map = new ColumnMap(new Dictionary<string, string>
        {
            ["id"] = "coin_id",
            ["symbol"] = "ticker",
            ["price"] = "current_price",
            ["timestamp"] = "last_updated",
        });

        var quote = Normalize(fields, map).Quote!;

        Assert.Equal(("eth", "ETH", 3000m), (quote.ExternalId, quote.Symbol, quote.CurrentPrice));
    }

    [Fact]
    public void Over_long_values_are_rejected()
    {
        var fields = Good();
        fields["symbol"] = new string('x', 65);

        Assert.Equal("value_too_long", Normalize(fields).Rejection!.Reason);
    }

    [Fact]
    public void A_key_with_a_lone_surrogate_is_invalid_text()
    {
        var fields = Good();
        fields["symbol"] = "BT\ud800C"; // in code, not [InlineData]: attribute strings cannot hold a lone surrogate

        Assert.Equal("invalid_text", Normalize(fields).Rejection!.Reason);
    }

    [Fact]
    public void A_name_is_free_text_cleaned_not_refused()
    {
        var fields = Good();
        fields["name"] = "Bit\0coin \U0001F680";

        Assert.Equal("Bitcoin \U0001F680", Normalize(fields).Quote!.Name);
    }

    [Fact]
    public void A_detail_quoting_a_value_is_never_cut_inside_a_character()
    {
        var fields = Good();
        fields["price"] = new string('a', 39) + "\U0001F680";

        var detail = Normalize(fields).Rejection!.Detail;

        Assert.Contains(new string('a', 39) + "…", detail, StringComparison.Ordinal);
        Assert.DoesNotContain(detail, char.IsSurrogate);
    }
}
