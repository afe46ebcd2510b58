using Kasparro.Grains.Connectors;
using Kasparro.Grains.Normalization;
using Microsoft.Extensions.Time.Testing;

namespace Kasparro.Tests.Normalization;

public sealed class NewsNormalizationTests
{
    private static readonly MentionMatcher Matcher = new([
        new KnownAsset("BTC", "Bitcoin"), new KnownAsset("ETH", "Ethereum"), new KnownAsset("ONE", "Harmony"),
        new KnownAsset("SOL", "Solana"), new KnownAsset("NEAR", "NEAR Protocol"), new KnownAsset("XRP", "XRP"),
        new KnownAsset("LINK", "Chainlink"),
    ]);

    [Theory]
    [InlineData("Bitcoin climbs as ETH lags", "BTC,ETH")]
    [InlineData("One analyst says the rally is near its top", "")] // the words, not the coins
    [InlineData("ONE more thing about the market", "")] // an upper-case English word alone is not enough
    [InlineData("$ONE jumps 20%", "ONE")]
    [InlineData("Harmony (ONE) upgrades its bridge", "ONE")]
    [InlineData("sol-based memes rally", "")] // symbols must be upper case
    [InlineData("SOL leads gains", "SOL")]
    [InlineData("XRPL validators vote", "")] // word-bounded: XRPL is not XRP
    [InlineData("NEAR Protocol ships sharding; LINK oracles follow", "NEAR")]
    [InlineData("bitcoinization of payments", "")]
    public void Mentions_are_word_bounded_and_case_aware(string text, string expected)
    {
        Assert.Equal(expected, string.Join(",", Matcher.Find(text)));
    }

    [Fact]
    public void Html_summaries_become_plain_text()
    {
        Assert.Equal("BTC rose 2% & more", HtmlText.ToPlain("<p>BTC <b>rose</b> 2%<script>x()</script> &amp; more</p><!-- c -->"));
    }

    [Fact]
    public void A_feed_item_becomes_a_news_item_with_its_mentions()
    {
        var normalizer = new NewsNormalizer(Matcher, new FakeTimeProvider(new DateTimeOffset(2024, 2, 1, 0, 0, 0, TimeSpan.Zero)));
        var record = new SourceRecord(new Dictionary<string, string?>
        {
            ["key"] = "guid-1",
            ["title"] = "Bitcoin &amp; Solana",
            ["link"] = "https://x/1",
            ["published"] = "2024-01-15T11:30:00.0000000Z",
            ["summary"] = "<p>BTC up</p>",
            ["authors"] = $"Jane{NewsNormalizer.ListSeparator}John",
            ["categories"] = "Markets",
        }, "raw", "item 1");

        var news = normalizer.Normalize(record, "rss", Guid.Empty).News!;

        Assert.Equal(("guid-1", "Bitcoin & Solana", "BTC up"), (news.ItemKey, news.Title, news.Summary));
        Assert.Equal(["Jane", "John"], news.Authors);
        Assert.Equal(["BTC", "SOL"], news.Symbols);
        Assert.Equal(new DateTime(2024, 1, 15, 11, 30, 0, DateTimeKind.Utc), news.PublishedAt);
    }

    [Theory]
    [InlineData(null, "t", "missing_field")]
    [InlineData("k", "  ", "missing_field")]
    [InlineData("k\0ey", "t", "invalid_text")]
    public void Items_without_key_or_title_are_rejected(string? key, string title, string reason)
    {
        var normalizer = new NewsNormalizer(Matcher, TimeProvider.System);
        var record = new SourceRecord(new Dictionary<string, string?> { ["key"] = key, ["title"] = title }, "raw", "item 1");

        Assert.Equal(reason, normalizer.Normalize(record, "rss", Guid.Empty).Rejection!.Reason);
    }

    [Fact]
    public void Free_text_of_an_item_is_cleaned_not_refused()
    {
        var normalizer = new NewsNormalizer(Matcher, TimeProvider.System);
        var record = new SourceRecord(new Dictionary<string, string?>
        {
            ["key"] = "k",
            ["title"] = "Bit\0coin\u0001 news",
            ["summary"] = "line one\nline\0 two",
            ["authors"] = $"Ja\0ne{NewsNormalizer.ListSeparator}\0",
        }, "raw", "item 1");

        var news = normalizer.Normalize(record, "rss", Guid.Empty).News!;

        Assert.Equal(("Bitcoin news", "line one line two"), (news.Title, news.Summary)); // white space collapses, as in any summary
        Assert.Equal(["Jane"], news.Authors);
    }
}
