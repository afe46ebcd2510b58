using System.Text.RegularExpressions;

namespace Kasparro.Grains.Normalization;

/// <summary>
/// Finds the known assets a text mentions. A name counts case-insensitively on word boundaries.
/// A symbol counts only as an upper-case word of its own; a symbol that is also an English word
/// ("ONE", "NEAR", "LINK") needs more evidence: a <c>$</c> before it, or the asset's name in the text.
/// Each asset is matched on its own, so the mentions of a text against a set of assets are the union
/// of its mentions against each of them (what lets <see cref="Mentions.MentionLinker"/> link stored
/// items against newly known assets only). A symbol known under several names counts under any of them.
/// </summary>
public sealed class MentionMatcher
{
    private static readonly HashSet<string> EnglishWords = new(StringComparer.Ordinal)
    {
        "A", "ALL", "AN", "AND", "ANY", "ARE", "AS", "AT", "BE", "BIT", "BY", "CAN", "DO", "FOR", "FLOW", "GAS", "GET", "GO",
        "HAS", "HE", "HOT", "IN", "IS", "IT", "KEY", "LINK", "ME", "MAP", "MY", "NEAR", "NEW", "NO", "NOT", "NOW", "OF", "OK",
        "ON", "ONE", "OP", "OR", "OUT", "PAY", "SAFE", "SEE", "SO", "SUN", "THE", "TO", "TOP", "UP", "US", "WE", "WIN", "YOU",
    };

    private readonly List<(string Symbol, Regex Name, Regex Ticker, bool Ambiguous)> _assets;

    public MentionMatcher(IEnumerable<KnownAsset> assets)
    {
        ArgumentNullException.ThrowIfNull(assets);
        _assets = assets
            .Where(a => a.Symbol.Length >= 2 && a.Name.Length >= 3)
            .DistinctBy(a => (a.Symbol, a.Name.ToUpperInvariant()))
            .Select(a => (
                a.Symbol,
                new Regex($@"(?<![\p{{L}}\p{{N}}]){Regex.Escape(a.Name)}(?![\p{{L}}\p{{N}}])", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(200)),
                new Regex($@"(?<![\p{{L}}\p{{N}}$])(\$?){Regex.Escape(a.Symbol)}(?![\p{{L}}\p{{N}}])", RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(200)),
                EnglishWords.Contains(a.Symbol)))
            .ToList();
    }

    public IReadOnlyList<string> Find(string text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return [];
        }

        var found = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var (symbol, name, ticker, ambiguous) in _assets)
        {
            if (name.IsMatch(text))
            {
                found.Add(symbol);
                continue;
            }

            foreach (Match match in ticker.Matches(text))
            {
                if (!ambiguous || match.Groups[1].Length > 0)
                {
                    found.Add(symbol);
                    break;
                }
            }
        }

        return [.. found];
    }
}
