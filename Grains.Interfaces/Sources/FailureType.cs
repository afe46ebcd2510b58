namespace Kasparro.Grains.Interfaces.Sources;

/// <summary>The kinds of failure that can be injected; each raises the matching kind of exception.</summary>
[Alias("kasparro.FailureType")]
public enum FailureType
{
    NetworkError,
    DatabaseError,
    ValidationError,
    Timeout,
    RateLimit,
}
