using System.ComponentModel;
using Kasparro.Api.Contracts;
using Kasparro.Api.Http;
using Kasparro.Grains.Interfaces.Queries;
using Kasparro.Grains.Interfaces.Runs;
using Kasparro.Grains.Interfaces.Sources;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Kasparro.Api.Endpoints;

/// <summary><c>/runs</c>, <c>/runs/{run_id}</c> and <c>/compare-runs</c>.</summary>
public static class RunEndpoints
{
    /// <summary>/runs pages by 10 unless told otherwise, as it did when its page size was only called limit.</summary>
    public const int DefaultPerPage = 10;

    private static readonly string[] Statuses = [.. RunStatusNames.Names];

    public static RouteGroupBuilder MapRunApi(this RouteGroupBuilder group)
    {
        group.MapGet("/runs", GetRunsAsync).Describe("Runs", "ListRuns", "Runs from the run log",
            "Newest first, paged like every list: page and per_page in, a pagination object out. per_page is 1 to 100, default 10 "
            + "(this list's own default). limit is another name for per_page, kept for existing clients: either may be given, or both "
            + "with the same value (different values are a 400). total_count repeats pagination.total_items at the top level, for the "
            + "same clients. Totals come from the per-source run summary; a page past the end is empty and still carries them.");
        group.MapGet("/runs/{run_id}", GetRunAsync).Describe("Runs", "GetRun", "One run",
            "Its fields at the top level; a run still going shows its live progress. 400 for an id that is not a UUID, 404 for an unknown one.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/compare-runs", CompareAsync).Describe("Runs", "CompareRuns", "Compare two runs of one source",
            "Run 2 measured against run 1. 400 when an id is missing or not a UUID or the runs are of different sources; 404 for an unknown id.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return group;
    }

    private static async Task<Results<Ok<RunsResponse>, ProblemHttpResult>> GetRunsAsync(
        [AsParameters] RunsQuery query, IGrainFactory grains, TimeProvider time, HttpContext http)
    {
        var input = new QueryInput();
        var status = input.OneOf("status", query.Status, Statuses);
        var page = input.Paging(query.Page, query.PerPage, "limit", query.Limit, DefaultPerPage);
        if (input.Problem() is { } problem)
        {
            return problem;
        }

        var filter = new RunFilter(query.Source, status is null ? null : RunStatusNames.Parse(status));
        var found = await grains.GetGrain<IRunQueryGrain>(0).GetRuns(filter, page, http.RequestAborted);
        var now = time.GetUtcNow().UtcDateTime;
        return TypedResults.Ok(new RunsResponse(found.Items.Select(r => RunView.From(r, now)).ToArray(), Pagination.From(found), found.TotalItems));
    }

    private static async Task<Results<Ok<RunView>, ProblemHttpResult>> GetRunAsync(
        [FromRoute(Name = "run_id")] string runId, IGrainFactory grains, TimeProvider time, HttpContext http)
    {
        var input = new QueryInput();
        var id = input.Uuid("run_id", runId, required: true);
        if (input.Problem() is { } problem)
        {
            return problem;
        }

        var run = await grains.GetGrain<IRunQueryGrain>(0).GetRun(id!.Value, http.RequestAborted);
        return run is null
            ? ApiProblems.NotFound(ApiProblems.UnknownRunDetail(id!.Value))
            : TypedResults.Ok(RunView.From(run, time.GetUtcNow().UtcDateTime));
    }

    private static async Task<Results<Ok<CompareResponse>, ProblemHttpResult>> CompareAsync(
        [AsParameters] CompareQuery query, IGrainFactory grains, TimeProvider time)
    {
        var input = new QueryInput();
        var run1 = input.Uuid("run1_id", query.Run1Id, required: true);
        var run2 = input.Uuid("run2_id", query.Run2Id, required: true);
        if (input.Problem() is { } problem)
        {
            return problem;
        }

        try
        {
            var c = await grains.GetGrain<IRunComparerGrain>(0).Compare(run1!.Value, run2!.Value);
            var now = time.GetUtcNow().UtcDateTime;
            return TypedResults.Ok(new CompareResponse(ComparisonView.From(c), RunView.From(c.Run1, now), RunView.From(c.Run2, now)));
        }
        catch (RunNotFoundException e)
        {
            return ApiProblems.NotFound(ApiProblems.DetailOf(e));
        }
        catch (RunSourceMismatchException e)
        {
            return ApiProblems.BadRequest(ApiProblems.DetailOf(e));
        }
    }

    public readonly record struct RunsQuery(
        [property: FromQuery(Name = "source"), Description("A configured source id.")] string? Source,
        [property: FromQuery(Name = "status"), Description("running, success, failed or cancelled.")] string? Status,
        [property: FromQuery(Name = "page"), Description("Page number, from 1 (default 1).")] string? Page,
        [property: FromQuery(Name = "per_page"), Description("Runs per page, 1 to 100 (default 10).")] string? PerPage,
        [property: FromQuery(Name = "limit"), Description("Another name for per_page, kept for existing clients; given with per_page, it must be equal to it.")]
        string? Limit);

    public readonly record struct CompareQuery(
        [property: FromQuery(Name = "run1_id"), Description("The baseline run (a UUID).")] string? Run1Id,
        [property: FromQuery(Name = "run2_id"), Description("The run measured against it (a UUID).")] string? Run2Id);
}
