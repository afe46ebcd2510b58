using System.Data.Common;
using Kasparro.Grains.Interfaces.Runs;
using Kasparro.Grains.Interfaces.Sources;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace Kasparro.Api.Http;

/// <summary>
/// The last line: maps what an endpoint may throw to problem details. Known domain errors become
/// 400 or 404, malformed requests 400, an unreachable database or cluster 503; only a bug is a 500,
/// and its body never carries the exception's text.
/// </summary>
public sealed class ApiExceptionHandler(IProblemDetailsService problems, ILogger<ApiExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        var problem = Map(exception);
        if (problem.Status >= 500)
        {
            logger.LogError(exception, "Request {RequestId} to {Path} failed", httpContext.TraceIdentifier, httpContext.Request.Path);
        }

        httpContext.Response.StatusCode = problem.Status!.Value;
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = httpContext, ProblemDetails = problem, Exception = exception });
    }

    public static ProblemDetails Map(Exception exception) => exception switch
    {
        UnknownSourceException e => ApiProblems.Problem(404, "Not found", e.Message),
        RunNotFoundException e => ApiProblems.Problem(404, "Not found", e.Message),
        RunSourceMismatchException e => ApiProblems.Problem(400, "Invalid request", e.Message),
        BadHttpRequestException e => ApiProblems.Problem(e.StatusCode, "Invalid request", e.Message),
        TimeoutException => ApiProblems.Problem(503, "Service unavailable", "The cluster did not answer in time; try again."),
        DbException => ApiProblems.Problem(503, "Service unavailable", "The database cannot be reached; try again."),
        SiloUnavailableException or OrleansMessageRejectionException or OrleansException =>
            ApiProblems.Problem(503, "Service unavailable", "The cluster cannot be reached; try again."),
        OperationCanceledException => ApiProblems.Problem(499, "Request cancelled", "The request was cancelled."),
        _ => ApiProblems.Problem(500, "Internal error", "Something went wrong on our side; the request id identifies it in the logs."),
    };
}
