using System.ComponentModel;
using Kasparro.Api.Contracts;
using Kasparro.Api.Http;
using Kasparro.Grains.Interfaces.Alerts;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Kasparro.Api.Endpoints;

/// <summary>
/// <c>GET /alerts</c> and <c>GET /alerts/{id}</c>: what was raised and how its delivery to each
/// subscription went. Reads: guarded as the other reads are (see <see cref="ApiEndpoints"/>). The
/// subscriptions themselves are at <c>/alerts/webhooks</c> (admin; a literal route, never taken as an alert id).
/// </summary>
public static class AlertEndpoints
{
    public static RouteGroupBuilder MapAlertApi(this RouteGroupBuilder group)
    {
        group.MapGet("/alerts", ListAsync).Describe("Alerts", "ListAlerts", "Alerts and their deliveries",
            $"Newest first, paged like every list (page; per_page 1 to 100, default 50). source, kind ({string.Join(", ", AlertKinds.All)}) "
            + $"and state ({string.Join(", ", AlertDeliveryStates.All)}: alerts with a delivery in that state) filter. Each alert has its data "
            + "(the kind's figures) and its deliveries, one per subscription that wanted it: state, attempts, the last status code or error. "
            + "deliveries counts every alert's deliveries by state. 400 for an unknown kind or state.")
            .WithExamples(null, AlertExamples.List);
        group.MapGet("/alerts/{id}", GetAsync).Describe("Alerts", "GetAlert", "One alert",
            "The alert and each delivery with its attempts (number, when, status code or error, duration). 404 for an unknown id.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithExamples(null, AlertExamples.Detail);
        return group;
    }

    private static async Task<Results<Ok<AlertsResponse>, ProblemHttpResult>> ListAsync([AsParameters] AlertsQuery query, IGrainFactory grains, HttpContext http)
    {
        var input = new QueryInput();
        var kind = input.OneOf("kind", query.Kind, [.. AlertKinds.All]);
        var state = input.OneOf("state", query.State, [.. AlertDeliveryStates.All]);
        input.Require(query.Source is null || query.Source.Length is >= 1 and <= 64, "source", $"source must be a source id of 1 to 64 characters; got {Echo.Quote(query.Source)}.");
        var page = input.Paging(query.Page, query.PerPage);
        if (input.Problem() is { } problem)
        {
            return problem;
        }

        var alerts = grains.GetGrain<IAlertQueryGrain>(0);
        var found = alerts.GetAlerts(new AlertQuery(query.Source, kind, state), page, http.RequestAborted);
        var counts = alerts.GetCounts(http.RequestAborted);
        var list = ListResponse.From(await found, AlertView.FromListed);
        return TypedResults.Ok(new AlertsResponse(list.Data, list.Pagination, AlertCountsView.From(await counts)));
    }

    private static async Task<Results<Ok<AlertView>, ProblemHttpResult>> GetAsync([FromRoute(Name = "id")] string id, IGrainFactory grains, HttpContext http)
    {
        var alert = await grains.GetGrain<IAlertQueryGrain>(0).GetAlert(id, http.RequestAborted);
        return alert is null ? ApiProblems.NotFound($"No alert {Echo.Quote(id)} exists.") : TypedResults.Ok(AlertView.From(alert, withAttempts: true));
    }

    public readonly record struct AlertsQuery(
        [property: FromQuery(Name = "source"), Description("Only alerts about this source.")] string? Source,
        [property: FromQuery(Name = "kind"), Description("Only alerts of this kind (run.failed, drift.detected, ...).")] string? Kind,
        [property: FromQuery(Name = "state"), Description("Only alerts with a delivery in this state (pending, delivered, failed, cancelled).")] string? State,
        [property: FromQuery(Name = "page"), Description("Page number, from 1 (default 1).")] string? Page,
        [property: FromQuery(Name = "per_page"), Description("Alerts per page, 1 to 100 (default 50).")] string? PerPage);
}
