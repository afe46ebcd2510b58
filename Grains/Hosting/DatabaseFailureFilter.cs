using Kasparro.Grains.Storage;
using Microsoft.Extensions.Logging;

namespace Kasparro.Grains.Hosting;

/// <summary>
/// The one place a database driver's exception is kept from crossing the grain boundary: every
/// incoming grain call (from the gateway, another silo or another grain) that fails with one fails
/// instead with the project's own serializable exception (see <see cref="DatabaseFailures"/>). Without
/// it a client-mode gateway receives no exception at all but a serialization failure (Npgsql's types
/// have no codec), which it can only answer with 500. The original is logged here, once per call,
/// as one line: the silo's log is where its host and port may appear, never the response.
/// </summary>
public sealed partial class DatabaseFailureFilter(ILogger<DatabaseFailureFilter> logger) : IIncomingGrainCallFilter
{
    public async Task Invoke(IIncomingGrainCallContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        try
        {
            await context.Invoke();
        }
        catch (Exception ex) when (DatabaseFailures.Translate(ex) is { } translated)
        {
            LogTranslated(logger, context.InterfaceName, context.MethodName, context.TargetId, ex.GetType().Name, ex.Message);
            throw translated;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Interface}.{Method} on {Grain} failed with a database error ({Type}: {Reason}); the caller is told the database failed")]
    private static partial void LogTranslated(ILogger logger, string @interface, string method, GrainId grain, string type, string reason);
}
