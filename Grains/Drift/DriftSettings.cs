using Kasparro.Grains.Hosting;
using Microsoft.Extensions.Configuration;

namespace Kasparro.Grains.Drift;

/// <summary>
/// A source's drift settings: <c>Kasparro:Sources:{id}:DriftPolicy</c> (<c>evolve</c>, <c>warn</c>,
/// <c>freeze</c>) and <c>Kasparro:Sources:{id}:Drift:*</c>: <c>SampleSize</c> (records analyzed per
/// batch), <c>LearnFromRuns</c> (0: always the declared schema; N: the schema learned from the
/// first N runs with a clean analysis becomes the expected one) and <c>HistoryLimit</c> (reports
/// kept in the analyzer's state; the drift log keeps them all).
/// </summary>
public sealed record DriftSettings(DriftPolicy Policy, int SampleSize, int LearnFromRuns, int HistoryLimit)
{
    public const string PolicyKey = "DriftPolicy";
    public const string Section = "Drift";

    public static DriftSettings Default { get; } = new(DriftPolicy.Warn, BatchSampler.DefaultSampleSize, 0, 20);

    /// <summary>Reads the settings from a source's section; a bad value names its key.</summary>
    public static DriftSettings Read(IConfigurationSection source)
    {
        ArgumentNullException.ThrowIfNull(source);
        var d = Default;
        var drift = source.GetSection(Section);
        return new DriftSettings(
            ParsePolicy(source[PolicyKey], $"{source.Path}:{PolicyKey}") ?? d.Policy,
            Whole(drift, "SampleSize", d.SampleSize, 1, 1000),
            Whole(drift, "LearnFromRuns", d.LearnFromRuns, 0, 1000),
            Whole(drift, "HistoryLimit", d.HistoryLimit, 1, 1000));
    }

    /// <summary>The policy named by <paramref name="text"/> (case-insensitive), null when unset.</summary>
    public static DriftPolicy? ParsePolicy(string? text, string key)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        foreach (var policy in Enum.GetValues<DriftPolicy>())
        {
            if (text.Trim().Equals(policy.ToString(), StringComparison.OrdinalIgnoreCase))
            {
                return policy;
            }
        }

        throw new KasparroConfigurationException($"{key} is '{text}': expected one of evolve, warn, freeze.");
    }

    private static int Whole(IConfigurationSection section, string name, int fallback, int min, int max) =>
        KasparroSettings.WholeNumber(section, name, min, max) ?? fallback;
}
