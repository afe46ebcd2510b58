using System.Globalization;
using Kasparro.Grains.Hosting;
using Microsoft.Extensions.Configuration;

namespace Kasparro.Grains.Resilience;

/// <summary>
/// How a source talks to a remote API: a token-bucket rate limit, retries with exponential backoff
/// and jitter (honouring Retry-After), a circuit breaker and a per-attempt timeout. Read from
/// <c>Kasparro:Sources:{id}:Resilience:*</c>.
/// </summary>
public sealed record ResilienceSettings(
    double RequestsPerSecond,
    int MaxAttempts,
    TimeSpan MinDelay,
    TimeSpan MaxDelay,
    TimeSpan AttemptTimeout,
    TimeSpan BreakDuration)
{
    public static ResilienceSettings Default { get; } = new(1, 5, TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(30));

    public static ResilienceSettings Read(IConfigurationSection section)
    {
        ArgumentNullException.ThrowIfNull(section);
        var d = Default;
        return new ResilienceSettings(
            Number(section, "RequestsPerSecond", d.RequestsPerSecond, 0.01, 1000),
            (int)Number(section, "MaxAttempts", d.MaxAttempts, 1, 20),
            Duration(section, "MinDelay", d.MinDelay),
            Duration(section, "MaxDelay", d.MaxDelay),
            Duration(section, "AttemptTimeout", d.AttemptTimeout),
            Duration(section, "BreakDuration", d.BreakDuration));
    }

    private static double Number(IConfigurationSection section, string key, double fallback, double min, double max)
    {
        var text = section[key];
        if (text is null)
        {
            return fallback;
        }

        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max
            ? value
            : throw new KasparroConfigurationException($"{section.Path}:{key} is '{text}': expected a number from {min} to {max}.");
    }

    private static TimeSpan Duration(IConfigurationSection section, string key, TimeSpan fallback) =>
        KasparroSettings.Duration(section, key) ?? fallback;
}
