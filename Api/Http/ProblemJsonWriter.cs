using System.Diagnostics;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;

namespace Kasparro.Api.Http;

/// <summary>
/// Writes every problem the service answers as <c>application/problem+json</c>, whatever the client's
/// <c>Accept</c> says. The framework's own writer gives up on <c>Accept: text/html</c> (a browser), and
/// then a 404 became <c>text/plain</c>, a problem returned by an endpoint lost its <c>request_id</c>,
/// and an exception had no writer left at all (a 500). Registered ahead of the framework's writer, so
/// it writes them all, alike: status, title and type filled in from the status when missing,
/// <c>trace_id</c>, then the service's fields (<see cref="ApiProblems.AddRequestFields"/>).
/// </summary>
public sealed class ProblemJsonWriter(IOptions<ProblemDetailsOptions> problems, IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json) : IProblemDetailsWriter
{
    public const string ContentType = "application/problem+json";

    public bool CanWrite(ProblemDetailsContext context) => true;

    public ValueTask WriteAsync(ProblemDetailsContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var http = context.HttpContext;
        var problem = context.ProblemDetails;
        problem.Status ??= http.Response.StatusCode;
        problem.Title ??= ReasonPhrases.GetReasonPhrase(problem.Status.Value) is { Length: > 0 } phrase ? phrase : "Error";
        problem.Type ??= $"https://www.rfc-editor.org/rfc/rfc9110#status.{problem.Status.Value}";
        problem.Extensions["trace_id"] = Activity.Current?.Id ?? http.TraceIdentifier;
        problems.Value.CustomizeProblemDetails?.Invoke(context);
        var options = json.Value.SerializerOptions;
        return new ValueTask(http.Response.WriteAsJsonAsync(problem, options.GetTypeInfo(problem.GetType()), ContentType, http.RequestAborted));
    }
}
