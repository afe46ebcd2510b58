using Microsoft.Extensions.Logging;

namespace Kasparro.Grains.Alerts;

/// <summary>The log lines of raising alerts (source grains, the source registry). Event ids 2130–2149.</summary>
internal static partial class AlertRaiseLog
{
    [LoggerMessage(EventId = 2130, Level = LogLevel.Warning, Message = "Source {Source}: {Count} alerts could not be raised yet; kept in the grain state's outbox and retried")]
    public static partial void AlertsNotRaised(this ILogger logger, Exception exception, string source, int count);

    [LoggerMessage(EventId = 2131, Level = LogLevel.Information, Message = "Source {Source}: {Count} alerts raised from the outbox")]
    public static partial void AlertsRaisedLate(this ILogger logger, string source, int count);

    [LoggerMessage(EventId = 2132, Level = LogLevel.Error, Message = "Source {Source}: the alerts of run {RunId} could not be built; the run is recorded without them")]
    public static partial void AlertsNotBuilt(this ILogger logger, Exception exception, string source, Guid runId);

    [LoggerMessage(EventId = 2133, Level = LogLevel.Warning, Message = "The alerts of {Count} audit events could not be raised yet; the events stay in the registry's outbox and are retried")]
    public static partial void ChangeAlertsNotRaised(this ILogger logger, Exception exception, int count);

    [LoggerMessage(EventId = 2134, Level = LogLevel.Debug, Message = "Source {Source}: run {RunId} raised {Kinds}")]
    public static partial void RunAlertsRaised(this ILogger logger, string source, Guid runId, string kinds);
}
