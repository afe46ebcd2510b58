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
/// Sources as resources: <c>GET</c>, <c>PUT</c> (create or replace, idempotent) and <c>DELETE</c>
/// <c>/sources/{id}</c>. Each is one call to the source registry, which validates a definition as it
/// validates configuration and refuses to change a source configuration declares (409 naming the key).
/// The definition's version is the <c>ETag</c>; a change with <c>If-Match</c> of another version is 412.
/// </summary>
public static class SourceDefinitionEndpoints
{
    public static RouteGroupBuilder MapSourceDefinitionReadApi(this RouteGroupBuilder group)
    {
        group.MapGet("/sources/{source}", GetAsync).Describe("Sources", "GetSource", "A source's definition and status",
            "The definition as kept (unset settings keep their defaults; secrets show as ***), managed_by (configuration or api), "
            + "the version (also the ETag header, for If-Match) and the status now. 404 for an unknown or deleted source.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithExamples(null, SourceExamples.Definition);
        return group;
    }

    public static RouteGroupBuilder MapSourceDefinitionWriteApi(this RouteGroupBuilder group)
    {
        group.MapPut("/sources/{source}", PutAsync).Describe("Sources", "PutSource", "Create or replace a source",
            "The body is the definition: the keys of a Kasparro:Sources:{id} configuration entry in snake_case (kind, url, interval, "
            + "enabled, batch_size, columns, drift_policy, resilience, failure_injection, …). 201 when it creates the source, 200 when it "
            + "replaces it (the same definition again changes nothing). Needs an admin key. 400 lists every bad field; 409 for a source "
            + "configuration declares; 412 when If-Match names another version.")
            .Accepts<JsonElement>("application/json")
            .WithExamples(SourceExamples.Body, SourceExamples.Definition, StatusCodes.Status201Created)
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed)
            .RequireApiKey(ApiScope.Admin);
        group.MapDelete("/sources/{source}", DeleteAsync).Describe("Sources", "DeleteSource", "Delete a source",
            "Unschedules and hides the source; its data and history stay. With ?purge=true its data, run log and state are deleted too, "
            + "after a run in progress has stopped. Needs an admin key. 409 for a source configuration declares; 412 on a stale If-Match.")
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status412PreconditionFailed)
            .RequireApiKey(ApiScope.Admin);
        return group;
    }

    private static async Task<Ok<SourceDefinitionView>> GetAsync(
        [FromRoute(Name = "source")] string source, HttpResponse response, IGrainFactory grains, TimeProvider time)
    {
        var document = await grains.GetGrain<ISourceRegistryGrain>(0).Find(source) ?? throw new UnknownSourceException(source);
        response.Headers.ETag = IfMatch.ETag(document.Version);
        return TypedResults.Ok(SourceDefinitionView.From(document, await StatusAsync(grains, document, time)));
    }

    private static async Task<Results<Created<SourceDefinitionView>, Ok<SourceDefinitionView>, ProblemHttpResult>> PutAsync(
        [FromRoute(Name = "source")] string source, HttpContext context, IGrainFactory grains, TimeProvider time,
        IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json)
    {
        var (ifMatch, badTag) = IfMatch.Read(context.Request);
        if (badTag is not null)
        {
            return badTag;
        }

        var (body, invalid) = await JsonBody.ReadAsync<JsonElement>(context.Request, json.Value.SerializerOptions, "a JSON object: the source's definition");
        if (invalid is not null)
        {
            return invalid;
        }

        var (settings, errors) = SourceSettingsJson.Read(body, source);
        if (errors.Count > 0)
        {
            return ApiProblems.BadRequest(string.Join(" ", errors.Values.SelectMany(e => e)), errors);
        }

        var result = await grains.GetGrain<ISourceRegistryGrain>(0).Put(source, settings, ifMatch, ApiCaller.Id(context));
        context.Response.Headers.ETag = IfMatch.ETag(result.Document.Version);
        var view = SourceDefinitionView.From(result.Document, await StatusAsync(grains, result.Document, time));
        return result.Created ? TypedResults.Created($"/sources/{result.Document.Id}", view) : TypedResults.Ok(view);
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(
        [FromRoute(Name = "source")] string source, [FromQuery(Name = "purge")] string? purge, HttpContext context, IGrainFactory grains)
    {
        var (ifMatch, badTag) = IfMatch.Read(context.Request);
        if (badTag is not null)
        {
            return badTag;
        }

        if (purge is not null && !bool.TryParse(purge, out _))
        {
            var detail = $"purge must be true or false; got {Echo.Quote(purge)}.";
            return ApiProblems.BadRequest(detail, new Dictionary<string, string[]>(StringComparer.Ordinal) { ["purge"] = [detail] });
        }

        await grains.GetGrain<ISourceRegistryGrain>(0).Delete(source, purge is not null && bool.Parse(purge), ifMatch, ApiCaller.Id(context));
        return TypedResults.NoContent();
    }

    /// <summary>The source's status, or null while its grain has not taken the definition yet (it is handed over right after it is stored).</summary>
    private static async Task<SourceView?> StatusAsync(IGrainFactory grains, SourceDocument document, TimeProvider time)
    {
        try
        {
            var status = await grains.GetGrain<ISourceGrain>(document.Id).GetStatus();
            return SourceView.From(status, time.GetUtcNow().UtcDateTime);
        }
        catch (UnknownSourceException)
        {
            return null;
        }
    }
}
