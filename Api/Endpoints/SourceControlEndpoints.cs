using System.Text.Json;
using Kasparro.Api.Contracts;
using Kasparro.Api.Http;
using Kasparro.Grains.Interfaces.Control;
using Kasparro.Grains.Interfaces.Sources;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace Kasparro.Api.Endpoints;

/// <summary>
/// The operator's controls of a source: pause and resume its schedule (<c>operate</c> keys), reset
/// or replay its checkpoint (<c>admin</c> keys). Each goes through the source registry, which records
/// it in the source's audit trail with the caller's key id, and answers with the source as it now is.
/// An unknown source is 404; a reset or replay during a run, 409 (see <see cref="ApiExceptionHandler"/>).
/// </summary>
public static class SourceControlEndpoints
{
    public const string FromRunParameter = "from_run";

    public static RouteGroupBuilder MapSourceControlApi(this RouteGroupBuilder group)
    {
        group.MapPost("/sources/{source}/pause", PauseAsync).Describe("Sources", "PauseSource", "Pause a source's schedule",
            "Unregisters the source's schedule: no scheduled run (nor the resume of a run stopped by a crash) starts until it is "
            + "resumed, and a manual run answers 409. A run already going on finishes (cancel it to stop it). The body is optional: "
            + "{\"reason\": \"...\"} (trimmed, clipped to 500 characters). Pausing a paused source keeps the first pause. "
            + "Needs a key with the operate scope. 404 for an unknown source.")
            .Accepts<PauseBody>(isOptional: true, "application/json")
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound)
            .WithExamples(SourceControlExamples.PauseRequest, SourceControlExamples.Paused)
            .RequireApiKey(ApiScope.Operate);
        group.MapPost("/sources/{source}/resume", ResumeAsync).Describe("Sources", "ResumeSource", "Resume a paused source",
            "Registers the source's schedule again (the next run is one interval from now) and runs at once a resume the pause held "
            + "back. Resuming a source that is not paused changes nothing. Needs a key with the operate scope. 404 for an unknown source.")
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound)
            .WithExamples(null, SourceControlExamples.Resumed)
            .RequireApiKey(ApiScope.Operate);
        group.MapPost("/sources/{source}/reset", ResetAsync).Describe("Sources", "ResetSource", "Reset a source to the start",
            "Sets the checkpoint back to the start: the next run re-reads everything. Writes are idempotent, so nothing duplicates. "
            + "Needs a key with the admin scope. 404 for an unknown source, 409 while a run is going on (cancel it or wait).")
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .WithExamples(null, SourceControlExamples.Reset)
            .RequireApiKey(ApiScope.Admin);
        group.MapPost("/sources/{source}/replay", ReplayAsync).Describe("Sources", "ReplaySource", "Replay a source from a run",
            "Sets the checkpoint back to where run from_run started, so the runs since are re-read (\"a drift fix landed, re-ingest "
            + "since Tuesday\"). Needs a key with the admin scope. 400 when from_run is missing or not a UUID, or is a run of another "
            + "source; 404 for an unknown source or run; 409 while a run is going on (cancel it or wait).")
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .WithExamples(null, SourceControlExamples.Replayed)
            .RequireApiKey(ApiScope.Admin);
        return group;
    }

    private static async Task<Results<Ok<SourceView>, ProblemHttpResult>> PauseAsync(
        [FromRoute(Name = "source")] string source, HttpContext http, IGrainFactory grains, TimeProvider time,
        IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json)
    {
        var (reason, invalid) = await ReadReasonAsync(http.Request, json.Value.SerializerOptions);
        if (invalid is not null)
        {
            return invalid;
        }

        return View(await Registry(grains).Pause(source, reason, ApiCaller.Id(http)), time);
    }

    private static async Task<Ok<SourceView>> ResumeAsync(
        [FromRoute(Name = "source")] string source, HttpContext http, IGrainFactory grains, TimeProvider time) =>
        View(await Registry(grains).Unpause(source, ApiCaller.Id(http)), time);

    private static async Task<Ok<SourceView>> ResetAsync(
        [FromRoute(Name = "source")] string source, HttpContext http, IGrainFactory grains, TimeProvider time) =>
        View(await Registry(grains).Reset(source, ApiCaller.Id(http)), time);

    private static async Task<Results<Ok<SourceView>, ProblemHttpResult>> ReplayAsync(
        [FromRoute(Name = "source")] string source, HttpContext http, IGrainFactory grains, TimeProvider time)
    {
        var input = new QueryInput();
        var given = http.Request.Query[FromRunParameter];
        input.Require(given.Count <= 1, FromRunParameter, $"{FromRunParameter} must be given once; got it {given.Count} times.");
        var fromRun = input.Uuid(FromRunParameter, given.Count == 1 ? given[0] : null, required: given.Count <= 1);
        if (input.Problem() is { } problem)
        {
            return problem;
        }

        return View(await Registry(grains).Replay(source, fromRun!.Value, ApiCaller.Id(http)), time);
    }

    private static ISourceRegistryGrain Registry(IGrainFactory grains) => grains.GetGrain<ISourceRegistryGrain>(0);

    private static Ok<SourceView> View(SourceStatus status, TimeProvider time) =>
        TypedResults.Ok(SourceView.From(status, time.GetUtcNow().UtcDateTime));

    /// <summary>The pause reason from the optional body: none when the body is empty (or only white space), a 400 when it is not valid JSON of that shape.</summary>
    private static async Task<(string? Reason, ProblemHttpResult? Problem)> ReadReasonAsync(HttpRequest request, JsonSerializerOptions options)
    {
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, request.HttpContext.RequestAborted);
        if (buffer.GetBuffer().AsSpan(0, (int)buffer.Length).IndexOfAnyExcept(" \t\r\n"u8) < 0)
        {
            return (null, null);
        }

        buffer.Position = 0;
        var original = request.Body;
        request.Body = buffer;
        try
        {
            var (body, problem) = await JsonBody.ReadAsync<PauseBody>(request, options, "empty, or a JSON object such as {\"reason\": \"...\"}");
            return (body?.Reason, problem);
        }
        finally
        {
            request.Body = original;
        }
    }
}
