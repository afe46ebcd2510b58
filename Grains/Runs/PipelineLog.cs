using Microsoft.Extensions.Logging;

namespace Kasparro.Grains.Runs;

/// <summary>The run pipeline's log lines (written under its source grain's category). Event ids 1100–1199.</summary>
internal static partial class PipelineLog
{
    [LoggerMessage(EventId = 1100, Level = LogLevel.Information, Message = "Source {Source}: run {RunId} applies renamed fields ({Renames}) and reads again from its checkpoint")]
    public static partial void RenamesApplied(this ILogger logger, string source, Guid runId, string renames);

    [LoggerMessage(EventId = 1101, Level = LogLevel.Warning, Message = "Source {Source}: drift analysis failed for a batch of run {RunId}; ingesting it as configured")]
    public static partial void DriftAnalysisFailed(this ILogger logger, Exception exception, string source, Guid runId);

    [LoggerMessage(EventId = 1102, Level = LogLevel.Debug, Message = "Source {Source}: batch of {Count} committed after waiting {Waited:F0} ms for its write; checkpoint stored in {Stored:F0} ms")]
    public static partial void BatchCommitted(this ILogger logger, string source, int count, double waited, double stored);
}
