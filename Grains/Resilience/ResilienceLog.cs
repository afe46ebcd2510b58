using Microsoft.Extensions.Logging;

namespace Kasparro.Grains.Resilience;

/// <summary>The HTTP resilience pipeline's log lines (retries, rate limit, circuit). Event ids 1600–1699.</summary>
internal static partial class ResilienceLog
{
    [LoggerMessage(EventId = 1600, Level = LogLevel.Warning, Message = "Source {Source}: attempt {Attempt} failed ({Reason}); retrying in {Delay}")]
    public static partial void RetryScheduled(this ILogger logger, string source, int attempt, string? reason, TimeSpan delay);

    [LoggerMessage(EventId = 1601, Level = LogLevel.Debug, Message = "Source {Source}: rate limit, waiting {Wait} for a request slot")]
    public static partial void RateLimitWait(this ILogger logger, string source, TimeSpan wait);

    [LoggerMessage(EventId = 1602, Level = LogLevel.Warning, Message = "Source {Source}: circuit opened for {Duration}")]
    public static partial void CircuitOpened(this ILogger logger, string source, TimeSpan duration);

    [LoggerMessage(EventId = 1603, Level = LogLevel.Information, Message = "Source {Source}: circuit closed")]
    public static partial void CircuitClosed(this ILogger logger, string source);
}
