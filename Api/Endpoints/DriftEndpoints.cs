using System.ComponentModel;
using Kasparro.Api.Contracts;
using Kasparro.Api.Http;
using Kasparro.Grains.Interfaces.Queries;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Kasparro.Api.Endpoints;

/// <summary><c>GET /drift</c>: the schema drift reports of every analyzed batch.</summary>
public static class DriftEndpoints
{
    public static RouteGroupBuilder MapDriftApi(this RouteGroupBuilder group)
    {
        group.MapGet("/drift", GetDriftAsync).Describe("Runs", "ListDrift", "Schema drift reports",
            "Newest first. source filters by source; drift_detected=true lists only the reports that found drift, false only the clean ones.");
        return group;
    }

    private static async Task<Results<Ok<ListResponse<DriftView>>, ProblemHttpResult>> GetDriftAsync(
        [AsParameters] DriftQuery query, IGrainFactory grains, HttpContext http)
    {
        var input = new QueryInput();
        var detected = input.OneOf("drift_detected", query.DriftDetected, "true", "false");
        var page = input.Paging(query.Page, query.PerPage);
        // The drift log pages by a 32-bit offset: pages beyond it hold nothing anyway.
        input.Require(page.Offset <= int.MaxValue, "page", $"page is too large for per_page {page.Size}.");
        if (input.Problem() is { } problem)
        {
            return problem;
        }

        var found = await grains.GetGrain<IDriftQueryGrain>(0).GetReports(
            query.Source, detected is null ? null : detected == "true", page, http.RequestAborted);
        return TypedResults.Ok(ListResponse.From(found, DriftView.From));
    }

    public readonly record struct DriftQuery(
        [property: FromQuery(Name = "source"), Description("A configured source id.")] string? Source,
        [property: FromQuery(Name = "drift_detected"), Description("true or false.")] string? DriftDetected,
        [property: FromQuery(Name = "page"), Description("Page number, from 1 (default 1).")] string? Page,
        [property: FromQuery(Name = "per_page"), Description("Items per page, 1 to 100 (default 50).")] string? PerPage);
}
