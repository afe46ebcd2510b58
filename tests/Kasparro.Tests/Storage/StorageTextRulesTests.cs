using Kasparro.Grains.Interfaces.Assets;
using Kasparro.Grains.Normalization;
using Kasparro.Grains.Storage;

namespace Kasparro.Tests.Storage;

/// <summary>The text rules both stores share: what PostgreSQL cannot hold, how it is escaped, and the stand-ins for refused rows.</summary>
public sealed class StorageTextRulesTests
{
    [Theory]
    [InlineData("plain", false)]
    [InlineData("emoji 🚀 and é", false)]
    [InlineData("nul", true)]
    [InlineData("high", true)]
    [InlineData("low", true)]
    [InlineData("pair-at-end", false)]
    public void Unstorable_text_is_nul_or_a_lone_surrogate(string kind, bool refused)
    {
        var text = Sample(kind);
        Assert.Equal(refused, StorableText.StoreProblem(text) is not null);
        var escaped = StorableText.Escape(text);
        Assert.Null(StorableText.StoreProblem(escaped));
        Assert.Equal(!refused, ReferenceEquals(text, escaped));
    }

    [Fact]
    public void Escapes_are_readable()
    {
        Assert.Equal("a\\u0000b\\uD83Dc 🚀", StorableText.Escape("a\0b\uD83Dc 🚀"));
    }

    [Fact]
    public void Lengths_count_code_points_as_postgresql_does()
    {
        Assert.Equal(3, StorableText.CodePoints("a🚀b"));
        var fits = new AssetQuote("s", new string('x', 255) + "🚀", "S", "N", 1m, null, null, null, DateTime.UnixEpoch, Guid.Empty);
        Assert.Null(StorageRefusals.Check(fits));
        var tooLong = fits with { ExternalId = new string('x', 257) };
        Assert.StartsWith("22001: value too long for type character varying(256)", StorageRefusals.Check(tooLong), StringComparison.Ordinal);
    }

    [Fact]
    public void A_refused_row_has_a_stable_storable_stand_in()
    {
        var quote = new AssetQuote("s", "id\0", "S", "N\uDC00", 1m, null, null, null, DateTime.UnixEpoch, Guid.NewGuid());
        var detail = StorageRefusals.Check(quote)!;
        var stand = StorageRefusals.Refused(quote, detail);
        var again = StorageRefusals.Refused(quote with { RunId = Guid.NewGuid() }, detail);

        Assert.Equal("storage_refused", stand.Reason);
        Assert.Equal(stand.RecordHash, again.RecordHash); // the same row read again is the same reject
        Assert.Null(StorableText.StoreProblem(stand.Payload + stand.Detail));
        Assert.Contains("id=id\\u0000;", stand.Payload, StringComparison.Ordinal);
    }

    private static string Sample(string kind) => kind switch
    {
        "plain" => "plain",
        "emoji 🚀 and é" => kind,
        "nul" => "a\0b",
        "high" => "a\uD83D",
        "low" => "\uDE80a",
        _ => "ends with 🚀",
    };
}
