namespace Kasparro.Grains.Resilience;

/// <summary>
/// How a source talks to a remote API: a token-bucket rate limit, retries with exponential backoff
/// and jitter (honouring Retry-After), a circuit breaker and a per-attempt timeout. Configured by
/// <c>Kasparro:Sources:{id}:Resilience:*</c> (see <see cref="Sources.ResilienceOptions"/>).
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
}
