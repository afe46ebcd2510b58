using System.ComponentModel;
using Kasparro.Api.Contracts;
using Kasparro.Api.Http;
using Kasparro.Grains.Interfaces.Queries;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Kasparro.Api.Endpoints;

/// <summary><c>/stats</c>: stored data and run aggregates per source, from the summaries (never a scan of the run log).</summary>
public static class StatsEndpoints
{
    public static RouteGroupBuilder MapStatsApi(this RouteGroupBuilder group)
    {
        group.MapGet("/stats", GetStatsAsync).Describe("Runs", "Stats", "Data and run statistics per source",
            "total_coins and coins_by_source count stored assets; summary aggregates each configured source's runs; recent_runs are the newest (limit, 1 to 100, default 10).");
        return group;
    }

    private static async Task<Results<Ok<StatsResponse>, ProblemHttpResult>> GetStatsAsync(
        [AsParameters] StatsQuery query, IGrainFactory grains, TimeProvider time, HttpContext http)
    {
        var input = new QueryInput();
        var limit = input.WholeNumber("limit", query.Limit, 1, QueryInput.MaxPerPage) ?? 10;
        if (input.Problem() is { } problem)
        {
            return problem;
        }

        // The grain gives every configured source its aggregates (empty before its first run).
        var report = await grains.GetGrain<IStatsGrain>(0).GetStats(query.Source, limit, http.RequestAborted);
        var summary = report.Runs.OrderBy(r => r.Source, StringComparer.Ordinal)
            .ToDictionary(r => r.Source, SummaryView.From, StringComparer.Ordinal);
        var now = time.GetUtcNow().UtcDateTime;
        return TypedResults.Ok(new StatsResponse(
            report.Data.Sum(d => d.Assets),
            report.Data.Where(d => d.Assets > 0).ToDictionary(d => d.Source, d => d.Assets, StringComparer.Ordinal),
            report.Data.Sum(d => d.NewsItems),
            summary,
            report.RecentRuns.Select(r => RunView.From(r, now)).ToArray()));
    }

    public readonly record struct StatsQuery(
        [property: FromQuery(Name = "source"), Description("Only this configured source.")] string? Source,
        [property: FromQuery(Name = "limit"), Description("How many recent runs, 1 to 100 (default 10).")] string? Limit);
}
