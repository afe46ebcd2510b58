using System.ComponentModel.DataAnnotations;
using Kasparro.Grains.Interfaces.Sources;

namespace Kasparro.Grains.Sources;

/// <summary>
/// Failure injection as configured (<c>Kasparro:FailureInjection:*</c> for every source, and
/// <c>Kasparro:Sources:{id}:FailureInjection:*</c> over it); an unset key keeps the value beneath.
/// </summary>
public sealed class FailureInjectionOptions
{
    public bool? Enabled { get; set; }

    /// <summary>From 0 to 1; a value outside is clamped, as the API does.</summary>
    public double? Probability { get; set; }

    [Range(typeof(long), "0", "9223372036854775807")]
    public long? FailAtRecord { get; set; }

    /// <summary><c>network_error</c>, <c>database_error</c>, <c>validation_error</c>, <c>timeout</c> or <c>rate_limit</c>.</summary>
    public string? FailureType { get; set; }

    public int? Seed { get; set; }

    /// <summary>These settings over <paramref name="fallback"/>; a failure type must already have been validated.</summary>
    public FailureInjectionSettings Over(FailureInjectionSettings fallback)
    {
        ArgumentNullException.ThrowIfNull(fallback);
        var type = FailureType is null ? fallback.Type : FailureTypes.TryParse(FailureType, out var parsed) ? parsed : fallback.Type;
        return new FailureInjectionSettings(
            Enabled ?? fallback.Enabled, Probability ?? fallback.Probability, FailAtRecord ?? fallback.FailAtRecord, type, Seed ?? fallback.Seed)
            .Normalized();
    }

    /// <summary>The failure in <c>{key}:FailureType</c>, or null when it is unset or known.</summary>
    public string? Problem(string key) =>
        FailureType is null || FailureTypes.TryParse(FailureType, out _)
            ? null
            : $"{key}:FailureType is '{FailureType}': expected one of {string.Join(", ", FailureTypes.Names)}.";
}
