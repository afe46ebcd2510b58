using System.Data.Common;
using Kasparro.Grains.Interfaces.Alerts;
using Kasparro.Grains.Interfaces.Cluster;
using Kasparro.Grains.Interfaces.Control;
using Kasparro.Grains.Interfaces.Runs;
using Kasparro.Grains.Interfaces.Sources;
using Kasparro.Grains.Interfaces.Storage;
using Kasparro.Hosting;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace Kasparro.Api.Http;

/// <summary>
/// The last line: maps what an endpoint may throw to problem details. Known domain errors become
/// 400 or 404, malformed requests 400, an unreachable database or cluster 503 with <c>Retry-After</c>;
/// only a bug is a 500, and its body never carries the exception's text. A cluster that cannot be reached
/// while the database cannot either is answered as the database (see <see cref="DatabaseCheck"/>). The database arrives as the
/// project's own exceptions in both modes (the silo translates the driver's; see DatabaseFailureFilter);
/// the <see cref="DbException"/> arm covers database work done outside a grain.
/// </summary>
public sealed partial class ApiExceptionHandler(IProblemDetailsService problems, DatabaseCheck database, ILogger<ApiExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        ArgumentNullException.ThrowIfNull(exception);
        var problem = Map(exception, httpContext.Request);
        if (IsClusterFailure(exception) && await database.IsUnreachableAsync(cancellationToken))
        {
            // The cluster is out of reach and so is the database it is found through: name the database.
            problem = DatabaseUnavailable;
        }

        var request = httpContext.Request;
        if (problem.Status == StatusCodes.Status500InternalServerError)
        {
            // A bug (or a database that refused a statement): the stack trace is what finds it.
            LogFailed(logger, exception, request.Method, request.Path, httpContext.TraceIdentifier);
        }
        else if (problem.Status >= 500)
        {
            // An expected infrastructure failure: one line per request, no stack trace (an outage
            // would otherwise write one per request); the silos log the cause where it happened.
            LogUnavailable(logger, request.Method, request.Path, problem.Status.Value, Cause(exception), httpContext.TraceIdentifier);
        }

        httpContext.Response.StatusCode = problem.Status!.Value;
        if (problem.Status == StatusCodes.Status503ServiceUnavailable)
        {
            httpContext.Response.Headers.RetryAfter = RetryAfterSeconds;
        }

        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = httpContext, ProblemDetails = problem, Exception = exception });
    }

    /// <summary>How long a client is asked to wait before retrying a 503, in seconds.</summary>
    public const string RetryAfterSeconds = "5";

    /// <summary>
    /// The answer to <paramref name="exception"/>. An unknown source is a 400 naming the parameter when
    /// <paramref name="request"/> filters by it (<c>?source=</c>), otherwise a 404 (the source is the thing asked for).
    /// </summary>
    public static ProblemDetails Map(Exception exception, HttpRequest? request = null) => (DatabaseCause(exception) ?? exception) switch
    {
        UnknownSourceException e when IsSourceFilter(e, request) => UnknownSourceFilter(e),
        UnknownSourceException e => ApiProblems.Problem(404, "Not found", ApiProblems.DetailOf(e)),
        SourceDisabledException e => ApiProblems.Problem(409, "Conflict", ApiProblems.DetailOf(e)),
        SourceDefinitionException e => InvalidDefinition(e),
        SourceManagedByConfigurationException e => ApiProblems.Problem(409, "Conflict", e.Message),
        SourceVersionMismatchException e => ApiProblems.Problem(412, "Precondition failed", e.Message),
        SourceConflictException e => ApiProblems.Problem(409, "Conflict", e.Message),
        RunNotFoundException e => ApiProblems.Problem(404, "Not found", ApiProblems.DetailOf(e)),
        WebhookDefinitionException e => ApiProblems.Invalid(string.Join(" ", e.Errors.Values.SelectMany(m => m)), e.Errors.ToDictionary(StringComparer.Ordinal)),
        WebhookNotFoundException e => ApiProblems.Problem(404, "Not found", e.SubscriptionId is { } id ? $"No webhook {Echo.Quote(id)} exists." : e.Message),
        WebhookManagedByConfigurationException e => ApiProblems.Problem(409, "Conflict", e.Message),
        WebhookVersionMismatchException e => ApiProblems.Problem(412, "Precondition failed", e.Message),
        RunSourceMismatchException e => ApiProblems.Problem(400, "Invalid request", ApiProblems.DetailOf(e)),
        BadHttpRequestException e => ApiProblems.Problem(e.StatusCode, "Invalid request", e.Message),
        DatabaseUnavailableException => DatabaseUnavailable,
        DatabaseFailedException => ApiProblems.Problem(500, "Internal error", "A database operation failed; the request id identifies it in the logs."),
        TimeoutException => ApiProblems.Problem(503, "Service unavailable", "The cluster did not answer in time; try again."),
        DbException => DatabaseUnavailable,
        // A grain whose stored state changed behind it (StateConflictGuard): it reloads at the next call.
        Orleans.Storage.InconsistentStateException => ApiProblems.Problem(
            503, "Service unavailable", "The stored state changed elsewhere and is being reloaded; try again."),
        ClusterUnavailableException or SiloUnavailableException or OrleansMessageRejectionException or OrleansException =>
            ApiProblems.Problem(503, "Service unavailable", "The cluster cannot be reached; try again."),
        OperationCanceledException => ApiProblems.Problem(499, "Request cancelled", "The request was cancelled."),
        _ => ApiProblems.Problem(500, "Internal error", "Something went wrong on our side; the request id identifies it in the logs."),
    };

    /// <summary>A definition that does not validate: 400 with every bad setting under its field name (<c>resilience.max_attempts</c>).</summary>
    private static HttpValidationProblemDetails InvalidDefinition(SourceDefinitionException e)
    {
        var errors = e.Errors.ToDictionary(kv => kv.Key.Length == 0 ? "definition" : SourceSettingsJson.FieldOf(kv.Key), kv => kv.Value, StringComparer.Ordinal);
        return ApiProblems.Invalid(string.Join(" ", errors.Values.SelectMany(m => m)), errors);
    }

    /// <summary>The query parameter by which the list endpoints filter by source.</summary>
    public const string SourceParameter = "source";

    private static bool IsSourceFilter(UnknownSourceException e, HttpRequest? request) =>
        e.SourceId is not null && request?.Query.TryGetValue(SourceParameter, out var given) == true
        && given.Contains(e.SourceId, StringComparer.Ordinal);

    private static HttpValidationProblemDetails UnknownSourceFilter(UnknownSourceException e)
    {
        var detail = ApiProblems.UnknownSourceFilterDetail(SourceParameter, e);
        return ApiProblems.Invalid(detail, new Dictionary<string, string[]>(StringComparer.Ordinal) { [SourceParameter] = [detail] });
    }

    /// <summary>
    /// The project's database exception inside a runtime one: a grain whose state cannot be read fails
    /// to activate, and Orleans hands the caller an <see cref="OrleansException"/> around the
    /// storage's (translated) error. It is the database that failed, not the cluster.
    /// </summary>
    private static Exception? DatabaseCause(Exception exception)
    {
        for (Exception? e = exception; e is not null; e = e.InnerException)
        {
            if (e is DatabaseUnavailableException or DatabaseFailedException)
            {
                return e;
            }
        }

        return null;
    }

    /// <summary>Whether <paramref name="exception"/> is answered as the cluster being out of reach (or too slow), not the database.</summary>
    public static bool IsClusterFailure(Exception exception) =>
        DatabaseCause(exception) is null
        && exception is not Orleans.Storage.InconsistentStateException
        && exception is ClusterUnavailableException or OrleansException or TimeoutException;

    /// <summary>The exception that decided the answer, as a type and its first line, clipped.</summary>
    public static string Cause(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return ExceptionText.FirstLine(DatabaseCause(exception) ?? exception);
    }

    [LoggerMessage(EventId = 1900, Level = LogLevel.Error, Message = "{Method} {Path} answered 500 (request {RequestId})")]
    private static partial void LogFailed(ILogger logger, Exception exception, string method, string path, string requestId);

    [LoggerMessage(EventId = 1901, Level = LogLevel.Warning, Message = "{Method} {Path} answered {Status}: {Cause} (request {RequestId})")]
    private static partial void LogUnavailable(ILogger logger, string method, string path, int status, string cause, string requestId);

    private static ProblemDetails DatabaseUnavailable => ApiProblems.Problem(503, "Service unavailable", "The database cannot be reached; try again.");
}
