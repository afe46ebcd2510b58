using Kasparro.Grains.Storage;
using Kasparro.Hosting.Logging;
using Microsoft.Extensions.Logging;

namespace Kasparro.Hosting;

/// <summary>
/// The one place a database driver's exception is kept from crossing the grain boundary: every
/// incoming grain call (from the gateway, another silo or another grain) that fails with one fails
/// instead with the project's own serializable exception (see <see cref="DatabaseFailures"/>). Without
/// it a client-mode gateway receives no exception at all but a serialization failure (Npgsql's types
/// have no codec), which it can only answer with 500. The original is logged here as one line (the
/// silo's log is where its host and port may appear, never the response), and at most once per
/// method every ten seconds, with the count of calls left out: an outage fails every call alike.
/// </summary>
public sealed partial class DatabaseFailureFilter(ILogger<DatabaseFailureFilter> logger, TimeProvider time) : IIncomingGrainCallFilter
{
    private readonly LogThrottle _throttle = new(time, LogThrottle.DefaultWindow);

    public async Task Invoke(IIncomingGrainCallContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        try
        {
            await context.Invoke();
        }
        catch (Exception ex) when (DatabaseFailures.Translate(ex) is { } translated)
        {
            if (_throttle.TryPass($"{context.InterfaceName}.{context.MethodName}", out var suppressed))
            {
                LogTranslated(logger, context.InterfaceName, context.MethodName, context.TargetId, ex.GetType().Name, ex.Message, suppressed);
            }

            throw translated;
        }
    }

    [LoggerMessage(EventId = 1814, Level = LogLevel.Warning, Message = "{Interface}.{Method} on {Grain} failed with a database error ({Type}: {Reason}); the caller is told the database failed (logged once per 10 s per method; {Suppressed} left out since the last line)")]
    private static partial void LogTranslated(ILogger logger, string @interface, string method, GrainId grain, string type, string reason, int suppressed);
}
