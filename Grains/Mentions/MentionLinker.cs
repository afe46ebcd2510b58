using Kasparro.Grains.Normalization;

namespace Kasparro.Grains.Mentions;

/// <summary>
/// Links stored news items to the assets registered after them. An item keeps every symbol it has
/// (each was a real match against a stored asset) and gains those of the registered assets numbered
/// above its <see cref="StoredNewsText.LinkedThrough"/> that its text mentions. Assets are never
/// removed and <see cref="MentionMatcher"/> matches each asset on its own, so the symbols an item
/// ends with are its mentions against every asset ever registered, whatever order the sources ran in.
/// </summary>
public static class MentionLinker
{
    /// <summary>
    /// The text an item is matched on: the one <see cref="NewsNormalizer"/> matches (title, a line
    /// break, the plain-text summary; a stored item without summary had an empty one).
    /// </summary>
    public static string TextOf(string title, string? summary) => title + "\n" + (summary ?? "");

    /// <summary>
    /// The symbols of each item (in the order given) after linking against <paramref name="registry"/>,
    /// ordinally sorted as the normalizer writes them.
    /// </summary>
    public static IReadOnlyList<string>[] Link(IReadOnlyList<StoredNewsText> items, IReadOnlyList<RegisteredAsset> registry)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(registry);

        // Items come in a handful of link levels (0 for new ones, the previous top for the rest):
        // one matcher per level, over the assets registered after it.
        var matchers = new Dictionary<long, MentionMatcher>();
        var linked = new IReadOnlyList<string>[items.Count];
        for (var i = 0; i < items.Count; i++)
        {
            var item = items[i];
            if (!matchers.TryGetValue(item.LinkedThrough, out var matcher))
            {
                matcher = new MentionMatcher(registry.Where(a => a.Seq > item.LinkedThrough).Select(a => a.Asset));
                matchers[item.LinkedThrough] = matcher;
            }

            var symbols = new SortedSet<string>(item.Symbols, StringComparer.Ordinal);
            symbols.UnionWith(matcher.Find(TextOf(item.Title, item.Summary)));
            linked[i] = [.. symbols];
        }

        return linked;
    }

    /// <summary>The registry entries to add for <paramref name="stored"/> assets not in it yet, numbered after <paramref name="top"/>.</summary>
    public static IReadOnlyList<RegisteredAsset> NewEntries(IEnumerable<KnownAsset> stored, ISet<KnownAsset> registered, long top)
    {
        ArgumentNullException.ThrowIfNull(stored);
        ArgumentNullException.ThrowIfNull(registered);
        return stored
            .Where(a => !registered.Contains(a))
            .Distinct()
            .OrderBy(a => a.Symbol, StringComparer.Ordinal)
            .ThenBy(a => a.Name, StringComparer.Ordinal)
            .Select((a, i) => new RegisteredAsset(top + i + 1, a))
            .ToArray();
    }
}
