using System.ComponentModel;
using System.Reflection;
using System.Text.Json.Nodes;
using Kasparro.Api.Contracts;
using Kasparro.Api.Http;
using Kasparro.Grains.Interfaces.Control;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Kasparro.Api.Endpoints;

/// <summary>
/// <c>GET /sources/{source}/events</c>: a source's audit trail, newest first, paged like every list.
/// A read: guarded as the other reads are (see <see cref="ApiEndpoints"/>). A source unknown to the
/// cluster with no events is 404 (the grain says so); a deleted one still lists its events.
/// </summary>
public static class SourceEventEndpoints
{
    /// <summary>Every kind of event, from the contract's constants (a kind added there is accepted here).</summary>
    public static readonly IReadOnlyList<string> Kinds = [.. typeof(SourceEventKinds)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Where(f => f.IsLiteral && f.FieldType == typeof(string))
        .Select(f => (string)f.GetRawConstantValue()!)
        .Order(StringComparer.Ordinal)];

    private const string Example = """
        {"data":[{"event_id":"3f2b6c1e-8d4a-4e51-9a7c-2b1d0e9f8a61","source":"exchange-b","at":"2026-11-30T09:14:05.123456Z",
          "kind":"replaced","by":"ops-admin","version":3,
          "changes":{"Interval":{"before":"00:05:00","after":"00:01:00"},"Columns:symbol":{"before":null,"after":"ticker"}},
          "detail":"Replaced through the API."},
          {"event_id":"0c9e4d7a-52b1-4f0e-8e3a-7d6c5b4a3f21","source":"exchange-b","at":"2026-11-29T17:02:44.5Z",
          "kind":"paused","by":"ops-operator","version":2,"changes":{},"detail":"Paused: upstream maintenance until 18:00."}],
         "pagination":{"page":1,"per_page":2,"total_items":5,"total_pages":3},
         "request_id":"0HN8Q2V1K3M4P","timestamp":"2026-11-30T09:20:00Z"}
        """;

    public static RouteGroupBuilder MapSourceEventApi(this RouteGroupBuilder group)
    {
        group.MapGet("/sources/{source}/events", GetEventsAsync).Describe("Sources", "ListSourceEvents", "A source's audit trail",
            "Every change to the source, newest first: created, replaced, deleted, purged, declared and undeclared (by configuration), "
            + "paused, resumed, reset, replayed, run_cancelled, failure_injection_set. Each says when, by which key (its id, never the key; "
            + "configuration for a change read from configuration), the definition's version after it, what changed (setting name to its "
            + "value before and after, null where unset, secrets as ***) and a sentence. kind filters by kind; paged by page and per_page "
            + "(1 to 100, default 50). 404 for a source the cluster does not know that has no events; a deleted source still lists its events.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .AddOpenApiOperationTransformer(AddExample);
        return group;
    }

    private static async Task<Results<Ok<ListResponse<SourceEventView>>, ProblemHttpResult>> GetEventsAsync(
        [FromRoute(Name = "source")] string source, [AsParameters] EventsQuery query, IGrainFactory grains, HttpContext http)
    {
        var input = new QueryInput();
        var kind = input.OneOf("kind", query.Kind, [.. Kinds]);
        var page = input.Paging(query.Page, query.PerPage);
        if (input.Problem() is { } problem)
        {
            return problem;
        }

        var found = await grains.GetGrain<ISourceEventQueryGrain>(0).GetEvents(source, kind, page, http.RequestAborted);
        return TypedResults.Ok(ListResponse.From(found, SourceEventView.From));
    }

    /// <summary>A 200 example in the OpenAPI document, so /docs shows the shape of an event.</summary>
    private static Task AddExample(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        if (operation.Responses?.TryGetValue("200", out var ok) == true && ok.Content?.TryGetValue("application/json", out var media) == true)
        {
            media.Example = JsonNode.Parse(Example);
        }

        return Task.CompletedTask;
    }

    public readonly record struct EventsQuery(
        [property: FromQuery(Name = "kind"), Description("Only events of this kind (created, replaced, paused, ...).")] string? Kind,
        [property: FromQuery(Name = "page"), Description("Page number, from 1 (default 1).")] string? Page,
        [property: FromQuery(Name = "per_page"), Description("Events per page, 1 to 100 (default 50).")] string? PerPage);
}
