using Kasparro.Api.Contracts;
using Kasparro.Api.Http;
using Kasparro.Grains.Interfaces.Control;
using Kasparro.Grains.Interfaces.Sources;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace Kasparro.Api.Endpoints;

/// <summary>
/// <c>/sources</c>, and the two writes: start a run now, set failure injection. Each is one call to
/// the source catalog grain, which answers from the silos' configuration: a source id that no
/// configuration entry defines is 404 (no source grain is activated for it); a manual run of a
/// disabled source is 409, naming the setting that would enable it (see <see cref="ApiExceptionHandler"/>).
/// </summary>
public static class SourceEndpoints
{
    public static RouteGroupBuilder MapSourceReadApi(this RouteGroupBuilder group)
    {
        group.MapGet("/sources", GetSourcesAsync).Describe("Sources", "ListSources", "The configured sources",
            "Kind, enabled, interval, next due time, checkpoint, the active and the last run, and failure injection of each.");
        return group;
    }

    public static RouteGroupBuilder MapSourceWriteApi(this RouteGroupBuilder group)
    {
        group.MapPost("/sources/{source}/runs", StartRunAsync).Describe("Sources", "StartRun", "Start a run now",
            "202 with the run (or the run already in progress). 404 for an unknown source, 409 for a disabled one.")
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .RequireApiKey(ApiScope.Operate);
        group.MapPut("/sources/{source}/failure-injection", SetFailureInjectionAsync).Describe("Sources", "SetFailureInjection",
            "Set failure injection at run time", "Replaces the source's settings; returns them as applied.")
            .Accepts<FailureInjectionBody>("application/json")
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound)
            .RequireApiKey(ApiScope.Operate);
        return group;
    }

    private static async Task<Ok<SourcesResponse>> GetSourcesAsync(IGrainFactory grains, TimeProvider time)
    {
        var statuses = await grains.GetGrain<ISourceCatalogGrain>(0).GetStatuses();
        var now = time.GetUtcNow().UtcDateTime;
        return TypedResults.Ok(new SourcesResponse(statuses.Select(s => SourceView.From(s, now)).ToArray()));
    }

    private static async Task<Accepted<RunView>> StartRunAsync(
        [FromRoute(Name = "source")] string source, IGrainFactory grains, TimeProvider time)
    {
        var run = await grains.GetGrain<ISourceCatalogGrain>(0).TriggerRun(source);
        return TypedResults.Accepted($"/runs/{run.RunId}", RunView.From(run, time.GetUtcNow().UtcDateTime));
    }

    private static async Task<Results<Ok<FailureInjectionView>, ProblemHttpResult>> SetFailureInjectionAsync(
        [FromRoute(Name = "source")] string source, HttpContext context, IGrainFactory grains,
        IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json)
    {
        var (body, invalid) = await JsonBody.ReadAsync<FailureInjectionBody>(
            context.Request, json.Value.SerializerOptions, "a JSON object of failure injection settings");
        if ((invalid ?? Validate(body)) is { } problem)
        {
            return problem;
        }

        if (!FailureTypes.TryParse(body!.FailureType, out var type))
        {
            type = FailureType.NetworkError;
        }

        var applied = await grains.GetGrain<ISourceRegistryGrain>(0).SetFailureInjection(
            source, new FailureInjectionSettings(body.Enabled!.Value, body.Probability ?? 0, body.FailAtRecord, type, body.Seed), ApiCaller.Id(context));
        return TypedResults.Ok(FailureInjectionView.From(source, applied));
    }

    private static ProblemHttpResult? Validate(FailureInjectionBody? body)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (body?.Enabled is null)
        {
            errors["enabled"] = ["enabled is required: true or false."];
        }

        if (body?.Probability is { } p && !(p >= 0 && p <= 1))
        {
            errors["probability"] = [$"probability must be from 0 to 1; got {p}."];
        }

        if (body?.FailAtRecord is < 0)
        {
            errors["fail_at_record"] = ["fail_at_record must be a record index of at least 0."];
        }

        if (body?.FailureType is { } t && !FailureTypes.Names.Contains(t, StringComparer.Ordinal))
        {
            errors["failure_type"] = [$"failure_type must be one of {string.Join(", ", FailureTypes.Names)}; got {Echo.Quote(t)}."];
        }

        return errors.Count == 0 ? null : ApiProblems.BadRequest(string.Join(" ", errors.Values.SelectMany(e => e)), errors);
    }
}
