using Kasparro.Grains.Interfaces.Runs;
using Kasparro.Grains.Interfaces.Sources;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Kasparro.Api.Http;

/// <summary>
/// The service's errors: RFC 9457 problem details (<c>application/problem+json</c>). Every one gets
/// <c>request_id</c> and <c>timestamp</c> when it is written (see <see cref="AddRequestFields"/>).
/// Client input in a message goes through <see cref="Echo"/>; as a last line, every problem written
/// is bounded here too (<see cref="Bound"/>), whoever made it.
/// </summary>
public static class ApiProblems
{
    /// <summary>The longest detail (and errors message) a problem carries, in UTF-16 units before the ellipsis.</summary>
    public const int MaxDetail = 2000;

    /// <summary>The longest title.</summary>
    public const int MaxTitle = 200;

    /// <summary>How much of the request path <c>instance</c> repeats.</summary>
    public const int MaxInstance = 128;

    public static ProblemHttpResult BadRequest(string detail, IDictionary<string, string[]>? errors = null) =>
        TypedResults.Problem(errors is null ? Problem(StatusCodes.Status400BadRequest, "Invalid request", detail) : Invalid(detail, errors));

    /// <summary>A 400 naming the parameters at fault in <c>errors</c>.</summary>
    public static HttpValidationProblemDetails Invalid(string detail, IDictionary<string, string[]> errors) =>
        new(errors) { Status = 400, Title = "Invalid request", Detail = detail, Type = TypeOf(400) };

    public static ProblemHttpResult NotFound(string detail) => TypedResults.Problem(Problem(StatusCodes.Status404NotFound, "Not found", detail));

    public static ProblemHttpResult Conflict(string detail) => TypedResults.Problem(Problem(StatusCodes.Status409Conflict, "Conflict", detail));

    public static ProblemHttpResult Unauthorized(string detail) =>
        TypedResults.Problem(Problem(StatusCodes.Status401Unauthorized, "API key required", detail));

    public static ProblemHttpResult Forbidden(string detail) => TypedResults.Problem(Problem(StatusCodes.Status403Forbidden, "Forbidden", detail));

    public static string UnknownSourceDetail(string? source) => $"No source {Echo.Quote(source)} is configured.";

    /// <summary>The message for a source filter (<paramref name="parameter"/>) that names no configured source.</summary>
    public static string UnknownSourceFilterDetail(string parameter, UnknownSourceException e)
    {
        ArgumentNullException.ThrowIfNull(e);
        var known = e.KnownSources is { } ids ? $"; expected one of {string.Join(", ", ids)}" : "";
        return $"{parameter} {Echo.Quote(e.SourceId)} is not a configured source{known}.";
    }

    public static string DetailOf(SourceDisabledException e)
    {
        ArgumentNullException.ThrowIfNull(e);
        return e.SourceId is null || e.Setting is null
            ? e.Message
            : $"Source {Echo.Quote(e.SourceId)} is disabled: set {Echo.Token(e.Setting, MaxDetail)}=true to run it.";
    }

    /// <summary>The details of the grains' own exceptions, rebuilt from their fields so an id is echoed clipped.</summary>
    public static string DetailOf(UnknownSourceException e)
    {
        ArgumentNullException.ThrowIfNull(e);
        return e.SourceId is null ? e.Message : UnknownSourceDetail(e.SourceId);
    }

    public static string DetailOf(RunNotFoundException e)
    {
        ArgumentNullException.ThrowIfNull(e);
        return e.RunId is { } id ? UnknownRunDetail(id) : e.Message;
    }

    public static string UnknownRunDetail(Guid runId) => $"No run '{runId}' is in the run log.";

    public static string DetailOf(RunSourceMismatchException e)
    {
        ArgumentNullException.ThrowIfNull(e);
        return e.Source1 is null || e.Source2 is null
            ? e.Message
            : $"Only runs of one source can be compared: run '{e.RunId1}' is of {Echo.Quote(e.Source1)}, run '{e.RunId2}' of {Echo.Quote(e.Source2)}.";
    }

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
        Bound(context.ProblemDetails);
    }

    /// <summary>
    /// The last line against an unbounded echo, for problems made anywhere (the framework's too): title,
    /// detail and each errors message clipped, hidden characters made visible; instance and errors keys,
    /// which are the client's own text, as <see cref="Echo"/> shows it.
    /// </summary>
    public static void Bound(ProblemDetails problem)
    {
        ArgumentNullException.ThrowIfNull(problem);
        problem.Title = problem.Title is null ? null : Shown(problem.Title, MaxTitle);
        problem.Detail = problem.Detail is null ? null : Shown(problem.Detail, MaxDetail);
        problem.Instance = problem.Instance is null ? null : Echo.Token(problem.Instance, MaxInstance);
        if (problem is HttpValidationProblemDetails { Errors.Count: > 0 } validation)
        {
            var bounded = validation.Errors.ToDictionary(
                e => e.Key, e => e.Value.Select(m => Shown(m, MaxDetail)).ToArray(), StringComparer.Ordinal);
            validation.Errors.Clear();
            foreach (var (key, messages) in bounded)
            {
                var shown = Echo.Token(key);
                validation.Errors[shown] = validation.Errors.TryGetValue(shown, out var earlier) ? [.. earlier, .. messages] : messages;
            }
        }
    }

    public static DateTime Now(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        return (http.RequestServices.GetService<TimeProvider>() ?? TimeProvider.System).GetUtcNow().UtcDateTime;
    }

    /// <summary>Our own text: long only by a bug, but never written unbounded or with a hidden character.</summary>
    private static string Shown(string text, int limit) => Echo.Visible(Echo.Clip(text, limit));

    private static string TypeOf(int status) => $"https://www.rfc-editor.org/rfc/rfc9110#status.{status}";
}
