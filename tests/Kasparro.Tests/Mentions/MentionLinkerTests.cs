using Kasparro.Grains.Connectors;
using Kasparro.Grains.Mentions;
using Kasparro.Grains.Normalization;

namespace Kasparro.Tests.Mentions;

public sealed class MentionLinkerTests
{
    private static readonly KnownAsset[] Assets =
    [
        new("BTC", "Bitcoin"), new("ETH", "Ethereum"), new("ONE", "Harmony"), new("SOL", "Solana"), new("LINK", "Chainlink"),
    ];

    [Fact]
    public void An_item_linked_through_zero_is_matched_against_every_asset_and_keeps_its_symbols()
    {
        var registry = Register(Assets);

        var linked = MentionLinker.Link([new StoredNewsText("Harmony and $LINK", "SOL up", ["XRP"], 0)], registry);

        Assert.Equal(["LINK", "ONE", "SOL", "XRP"], linked[0]);
    }

    [Fact]
    public void An_item_linked_through_n_is_matched_only_against_the_assets_registered_after_n()
    {
        var registry = Register(Assets);

        // Bitcoin (1) and Ethereum (2) are at or below its number: what it lacks of them stays lacking.
        var linked = MentionLinker.Link([new StoredNewsText("Bitcoin, Ethereum and Solana", null, ["BTC"], 2)], registry);

        Assert.Equal(["BTC", "SOL"], linked[0]);
    }

    [Theory]
    [InlineData("Bitcoin climbs as ETH lags", "<p>Harmony (ONE) and $LINK too</p>")]
    [InlineData("One analyst says the rally is near its top", null)]
    [InlineData("Solana", "sol-based memes; LINK alone is a word")]
    public void Linking_in_steps_in_any_order_gives_what_the_normalizer_gives_with_every_asset_known(string title, string? summary)
    {
        var normalizer = new NewsNormalizer(new MentionMatcher(Assets), TimeProvider.System);
        var record = new SourceRecord(new Dictionary<string, string?> { ["key"] = "k", ["title"] = title, ["summary"] = summary }, "raw", "item 1");
        var written = normalizer.Normalize(record, "rss", Guid.Empty).News!;

        foreach (var order in new[] { Assets, Enumerable.Reverse(Assets).ToArray() })
        {
            // Written before any asset was known, then linked after each asset arrives.
            var item = new StoredNewsText(written.Title, written.Summary, [], 0);
            var registered = new HashSet<KnownAsset>();
            var registry = new List<RegisteredAsset>();
            foreach (var asset in order)
            {
                var added = MentionLinker.NewEntries([asset], registered, registry.Count);
                registry.AddRange(added);
                registered.UnionWith(added.Select(a => a.Asset));
                item = item with { Symbols = MentionLinker.Link([item], registry)[0], LinkedThrough = registry.Count };
            }

            Assert.Equal(written.Symbols, item.Symbols);
        }
    }

    [Fact]
    public void New_entries_skip_registered_pairs_and_number_the_rest_after_the_top_in_symbol_order()
    {
        var registered = new HashSet<KnownAsset> { new("BTC", "Bitcoin") };

        var entries = MentionLinker.NewEntries(
            [new("ETH", "Ethereum"), new("BTC", "Bitcoin"), new("BTC", "Digital Gold"), new("ETH", "Ethereum")], registered, 7);

        Assert.Equal([new RegisteredAsset(8, new("BTC", "Digital Gold")), new RegisteredAsset(9, new("ETH", "Ethereum"))], entries);
    }

    [Fact]
    public void A_symbol_known_under_two_names_counts_under_either()
    {
        var matcher = new MentionMatcher([new("ONE", "Harmony"), new("ONE", "Big One Network")]);

        Assert.Equal(["ONE"], matcher.Find("Big One Network ships"));
        Assert.Equal(["ONE"], matcher.Find("harmony bridge"));
        Assert.Empty(matcher.Find("ONE more thing"));
    }

    /// <summary>Numbered in symbol order: BTC 1, ETH 2, LINK 3, ONE 4, SOL 5.</summary>
    private static IReadOnlyList<RegisteredAsset> Register(IEnumerable<KnownAsset> assets) =>
        MentionLinker.NewEntries(assets, new HashSet<KnownAsset>(), 0);
}
