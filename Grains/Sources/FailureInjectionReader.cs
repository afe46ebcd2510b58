using System.Globalization;
using Kasparro.Grains.Hosting;
using Kasparro.Grains.Interfaces.Sources;
using Microsoft.Extensions.Configuration;

namespace Kasparro.Grains.Sources;

/// <summary>Reads failure injection settings from configuration, each key overriding <c>fallback</c>.</summary>
public static class FailureInjectionReader
{
    public static FailureInjectionSettings Read(IConfigurationSection section, FailureInjectionSettings fallback)
    {
        ArgumentNullException.ThrowIfNull(section);
        ArgumentNullException.ThrowIfNull(fallback);
        var enabled = KasparroSettings.Flag(section, "Enabled", fallback.Enabled);
        var probability = section["Probability"] is { } p
            ? double.TryParse(p, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value)
                ? value
                : throw new KasparroConfigurationException($"{section.Path}:Probability is '{p}': expected a number from 0 to 1.")
            : fallback.Probability;
        var failAt = section["FailAtRecord"] is { } f
            ? long.TryParse(f, NumberStyles.None, CultureInfo.InvariantCulture, out var index)
                ? index
                : throw new KasparroConfigurationException($"{section.Path}:FailAtRecord is '{f}': expected a record index (0 or more).")
            : fallback.FailAtRecord;
        var type = section["FailureType"] is { } t
            ? FailureTypes.TryParse(t, out var parsed)
                ? parsed
                : throw new KasparroConfigurationException(
                    $"{section.Path}:FailureType is '{t}': expected one of {string.Join(", ", FailureTypes.Names)}.")
            : fallback.Type;
        var seed = section["Seed"] is { } s
            ? int.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number)
                ? number
                : throw new KasparroConfigurationException($"{section.Path}:Seed is '{s}': expected a whole number.")
            : fallback.Seed;
        return new FailureInjectionSettings(enabled, probability, failAt, type, seed).Normalized();
    }
}
