using System.ComponentModel;
using Kasparro.Api.Contracts;
using Kasparro.Api.Http;
using Kasparro.Grains.Interfaces.Queries;
using Kasparro.Grains.Sources;
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
        [AsParameters] StatsQuery query, SourceCatalog sources, IGrainFactory grains, TimeProvider time)
    {
        var input = new QueryInput(sources);
        var source = input.Source("source", query.Source);
        var limit = input.WholeNumber("limit", query.Limit, 1, QueryInput.MaxPerPage) ?? 10;
        if (input.Problem() is { } problem)
        {
            return problem;
        }

        var report = await grains.GetGrain<IStatsGrain>(0).GetStats(source, limit);
        var runs = report.Runs.ToDictionary(r => r.Source, StringComparer.Ordinal);
        var configured = sources.All.Select(s => s.Id).Where(id => source is null || id == source);
        var summary = configured.Concat(runs.Keys).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)
            .ToDictionary(id => id, id => SummaryView.From(runs.GetValueOrDefault(id) ?? RunSummary.Empty(id)), StringComparer.Ordinal);
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
