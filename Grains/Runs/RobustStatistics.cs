namespace Kasparro.Grains.Runs;

/// <summary>Where a value sits against a sample: median, MAD, the spread used and the robust z-score.</summary>
public readonly record struct RobustScore(double Median, double Mad, double Scale, double Z);

/// <summary>
/// Median and median absolute deviation (MAD): unlike mean and standard deviation they are not
/// dragged along by the very outliers they are meant to find.
/// </summary>
public static class RobustStatistics
{
    /// <summary>Scales a MAD to the standard deviation of normally distributed data.</summary>
    public const double MadToSigma = 1.4826;

    public static double Median(IReadOnlyCollection<double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Count == 0)
        {
            throw new ArgumentException("The median of nothing is undefined.", nameof(values));
        }

        var sorted = values.Order().ToArray();
        var middle = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    public static double MedianAbsoluteDeviation(IReadOnlyCollection<double> values, double median)
    {
        ArgumentNullException.ThrowIfNull(values);
        return Median(values.Select(v => Math.Abs(v - median)).ToArray());
    }

    /// <summary>
    /// The robust z-score (value - median) / scale, with scale = 1.4826 × MAD but never below
    /// <paramref name="minimumSpread"/>. The floor keeps the score finite when MAD is 0 (at least
    /// half the sample is one value) and stops a tiny natural spread from making trivial
    /// differences look extreme.
    /// </summary>
    public static RobustScore Score(double value, IReadOnlyCollection<double> sample, double minimumSpread)
    {
        if (!(minimumSpread > 0) || double.IsInfinity(minimumSpread))
        {
            throw new ArgumentOutOfRangeException(nameof(minimumSpread), minimumSpread, "The minimum spread must be a positive number.");
        }

        var median = Median(sample);
        var mad = MedianAbsoluteDeviation(sample, median);
        var scale = Math.Max(MadToSigma * mad, minimumSpread);
        return new RobustScore(median, mad, scale, (value - median) / scale);
    }
}
