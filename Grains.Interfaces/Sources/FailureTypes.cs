namespace Kasparro.Grains.Interfaces.Sources;

/// <summary>The wire names of <see cref="FailureType"/> (<c>network_error</c>, ...), as the API and configuration use them.</summary>
public static class FailureTypes
{
    private static readonly Dictionary<FailureType, string> ToName = new()
    {
        [FailureType.NetworkError] = "network_error",
        [FailureType.DatabaseError] = "database_error",
        [FailureType.ValidationError] = "validation_error",
        [FailureType.Timeout] = "timeout",
        [FailureType.RateLimit] = "rate_limit",
    };

    public static IEnumerable<string> Names => ToName.Values;

    public static string Name(FailureType type) => ToName[type];

    /// <summary>Accepts <c>network_error</c>, <c>NetworkError</c> or <c>network-error</c>, in any case.</summary>
    public static bool TryParse(string? text, out FailureType type)
    {
        var squashed = (text ?? "").Replace("_", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal).Trim();
        return Enum.TryParse(squashed, ignoreCase: true, out type) && Enum.IsDefined(type) && !int.TryParse(squashed, out _);
    }
}
