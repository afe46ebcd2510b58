namespace Kasparro.Grains.Drift;

/// <summary>
/// A source's drift settings, merged from <c>Kasparro:Sources:{id}:DriftPolicy</c> (<c>evolve</c>,
/// <c>warn</c>, <c>freeze</c>) and <c>Kasparro:Sources:{id}:Drift:*</c> (see <see cref="Sources.DriftOptions"/>).
/// </summary>
public sealed record DriftSettings(DriftPolicy Policy, int SampleSize, int LearnFromRuns, int HistoryLimit)
{
    public const string PolicyKey = "DriftPolicy";

    public static DriftSettings Default { get; } = new(DriftPolicy.Warn, BatchSampler.DefaultSampleSize, 0, 20);

    /// <summary>The policy named by <paramref name="text"/> (case-insensitive, names only, not numbers).</summary>
    public static bool TryParsePolicy(string text, out DriftPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(text);
        foreach (var candidate in Enum.GetValues<DriftPolicy>())
        {
            if (text.Trim().Equals(candidate.ToString(), StringComparison.OrdinalIgnoreCase))
            {
                policy = candidate;
                return true;
            }
        }

        policy = default;
        return false;
    }
}
