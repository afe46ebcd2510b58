using F23.StringSimilarity;

namespace Kasparro.Grains.Drift;

/// <summary>
/// Fuzzy matching of field names: Ratcliff/Obershelp similarity (the measure of Python's difflib)
/// of the names reduced to lower-case letters and digits, so <c>currentPrice</c>, <c>current_price</c>
/// and <c>Current-Price</c> are all <c>currentprice</c>.
/// </summary>
public static class FieldMatcher
{
    /// <summary>Scores from this value on are confident renames.</summary>
    public const double Threshold = 0.7;

    /// <summary>The name reduced to lower-case letters and digits (case and separators dropped).</summary>
    public static string Normalize(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return string.Concat(name.Where(char.IsLetterOrDigit).Select(char.ToLowerInvariant));
    }

    /// <summary>Similarity of two field names from 0 to 1, after <see cref="Normalize"/>.</summary>
    public static double Score(string a, string b)
    {
        var x = Normalize(a);
        var y = Normalize(b);
        if (x.Length == 0 || y.Length == 0)
        {
            return 0;
        }

        return new RatcliffObershelp().Similarity(x, y);
    }

    /// <summary>
    /// Pairs unmatched expected fields with unmatched observed ones: every pair scoring at least
    /// <see cref="Threshold"/> is a candidate, and the best scores are taken first, each field at
    /// most once (ties go to the earlier expected field, then the earlier observed one).
    /// </summary>
    public static IReadOnlyList<(string Expected, string Observed, double Score)> Match(
        IReadOnlyList<string> expected, IReadOnlyList<string> observed)
    {
        ArgumentNullException.ThrowIfNull(expected);
        ArgumentNullException.ThrowIfNull(observed);
        var candidates = new List<(int E, int O, double Score)>();
        for (var e = 0; e < expected.Count; e++)
        {
            for (var o = 0; o < observed.Count; o++)
            {
                var score = Score(expected[e], observed[o]);
                if (score >= Threshold)
                {
                    candidates.Add((e, o, score));
                }
            }
        }

        var usedExpected = new HashSet<int>();
        var usedObserved = new HashSet<int>();
        var matches = new List<(string, string, double)>();
        foreach (var (e, o, score) in candidates.OrderByDescending(c => c.Score).ThenBy(c => c.E).ThenBy(c => c.O))
        {
            if (!usedExpected.Contains(e) && !usedObserved.Contains(o))
            {
                usedExpected.Add(e);
                usedObserved.Add(o);
                matches.Add((expected[e], observed[o], score));
            }
        }

        return matches;
    }
}
