using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Kasparro.Api.Http;

/// <summary>
/// The service's errors: RFC 9457 problem details (<c>application/problem+json</c>). Every one gets
/// <c>request_id</c> and <c>timestamp</c> when it is written (see <see cref="AddRequestFields"/>).
/// </summary>
public static class ApiProblems
{
    public static ProblemHttpResult BadRequest(string detail, IDictionary<string, string[]>? errors = null) =>
        TypedResults.Problem(errors is null
            ? Problem(StatusCodes.Status400BadRequest, "Invalid request", detail)
            : new HttpValidationProblemDetails(errors) { Status = 400, Title = "Invalid request", Detail = detail, Type = TypeOf(400) });

    public static ProblemHttpResult NotFound(string detail) => TypedResults.Problem(Problem(StatusCodes.Status404NotFound, "Not found", detail));

    public static ProblemHttpResult Conflict(string detail) => TypedResults.Problem(Problem(StatusCodes.Status409Conflict, "Conflict", detail));

    public static ProblemHttpResult Unauthorized(string detail) =>
        TypedResults.Problem(Problem(StatusCodes.Status401Unauthorized, "API key required", detail));

    public static ProblemHttpResult Forbidden(string detail) => TypedResults.Problem(Problem(StatusCodes.Status403Forbidden, "Forbidden", detail));

    public static ProblemDetails Problem(int status, string title, string detail) =>
        new() { Status = status, Title = title, Detail = detail, Type = TypeOf(status) };

    /// <summary>Registered as the problem details customization: every problem the service writes carries these.</summary>
    public static void AddRequestFields(ProblemDetailsContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var http = context.HttpContext;
        context.ProblemDetails.Extensions["request_id"] = http.TraceIdentifier;
        context.ProblemDetails.Extensions["timestamp"] = Now(http);
        context.ProblemDetails.Instance ??= http.Request.Path;
    }

    public static DateTime Now(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        return (http.RequestServices.GetService<TimeProvider>() ?? TimeProvider.System).GetUtcNow().UtcDateTime;
    }

    private static string TypeOf(int status) => $"https://www.rfc-editor.org/rfc/rfc9110#status.{status}";
}
