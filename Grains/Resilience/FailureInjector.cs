using Kasparro.Grains.Interfaces.Sources;

namespace Kasparro.Grains.Resilience;

/// <summary>
/// Decides where a run fails on purpose. <c>FailAtRecord</c> fails at that record index of the run;
/// otherwise each batch fails with the configured probability, at a random record inside it. With a
/// seed, the same run over the same data fails at the same place.
/// </summary>
public sealed class FailureInjector
{
    private readonly FailureInjectionSettings _settings;
    private readonly Random _random;

    public FailureInjector(FailureInjectionSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        _settings = settings.Normalized();
        _random = _settings.Seed is { } seed ? new Random(seed) : new Random();
    }

    public FailureType Type => _settings.Type;

    /// <summary>The offset inside a batch of <paramref name="count"/> records starting at run index <paramref name="start"/> where it fails, or null.</summary>
    public int? FailurePoint(long start, int count)
    {
        if (!_settings.Enabled || count <= 0)
        {
            return null;
        }

        if (_settings.FailAtRecord is { } at)
        {
            return at >= start && at < start + count ? (int)(at - start) : null;
        }

        return _settings.Probability > 0 && _random.NextDouble() < _settings.Probability ? _random.Next(count) : null;
    }
}
