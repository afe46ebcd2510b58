using System.ComponentModel;
using System.Diagnostics;
using Kasparro.Api.Contracts;
using Kasparro.Api.Http;
using Kasparro.Grains.Interfaces.Queries;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Kasparro.Api.Endpoints;

/// <summary>
/// <c>/data</c>, an asset's history and <c>/news</c>: each one grain call to a query grain, which
/// refuses a source the silos do not define (400 as a filter, 404 in the path; see <see cref="ApiExceptionHandler"/>).
/// </summary>
public static class DataEndpoints
{
    public static RouteGroupBuilder MapDataApi(this RouteGroupBuilder group)
    {
        group.MapGet("/data", GetDataAsync).Describe("Data", "ListAssets", "Assets: the latest quote of each",
            "Ordered by market cap (largest first, none last), then source and external id. Filters combine; price bounds are inclusive. "
            + "A full page carries pagination.next_cursor: send it as cursor (with the same filters) for the rows after it.");
        group.MapGet("/data/{source}/{external_id}/history", GetHistoryAsync).Describe("Data", "AssetHistory", "The quote history of one asset",
            "Newest first, between from and to (inclusive) when given. 404 for an unknown source or asset.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/news", GetNewsAsync).Describe("Data", "ListNews", "News items",
            "Newest published first (undated last). symbol lists the items that mention that asset.");
        return group;
    }

    private static async Task<Results<Ok<DataResponse>, ProblemHttpResult>> GetDataAsync(
        [AsParameters] DataQuery query, IGrainFactory grains, HttpContext http)
    {
        var started = Stopwatch.GetTimestamp();
        var input = new QueryInput();
        var symbol = input.Symbol("symbol", query.Symbol);
        var min = input.Money("min_price", query.MinPrice);
        var max = input.Money("max_price", query.MaxPrice);
        input.Require(min is null || max is null || min <= max, "min_price", $"min_price ({min}) must not be above max_price ({max}).");
        var page = input.Paging(query.Page, query.PerPage);
        var after = input.Cursor("cursor", query.Cursor);
        input.Require(query.Page is null || query.Cursor is null, "cursor",
            "cursor and page are two ways to choose a page: give one of them, not both.");
        if (input.Problem() is { } problem)
        {
            return problem;
        }

        var assets = grains.GetGrain<IAssetQueryGrain>(0);
        var filter = new AssetFilter(query.Source, symbol, min, max);
        var found = after is null
            ? await assets.GetAssets(filter, page, http.RequestAborted)
            : await assets.GetAssetsAfter(filter, after, page.Size, http.RequestAborted);
        return TypedResults.Ok(new DataResponse(
            found.Items.Select(AssetView.From).ToArray(), Pagination.From(found) with { NextCursor = AssetCursor.Next(found) },
            Math.Round(Stopwatch.GetElapsedTime(started).TotalMilliseconds, 3)));
    }

    private static async Task<Results<Ok<HistoryResponse>, ProblemHttpResult>> GetHistoryAsync(
        [AsParameters] HistoryQuery query, IGrainFactory grains, HttpContext http)
    {
        var input = new QueryInput();
        var from = input.Time("from", query.From);
        var to = input.Time("to", query.To);
        input.Require(from is null || to is null || from <= to, "from", "from must not be after to.");
        var page = input.Paging(query.Page, query.PerPage);
        if (input.Problem() is { } problem)
        {
            return problem;
        }

        var found = await grains.GetGrain<IAssetQueryGrain>(0).GetHistory(
            new QuoteHistoryQuery(query.Source, query.ExternalId, from, to), page, http.RequestAborted);
        return found is null
            ? ApiProblems.NotFound($"Source '{query.Source}' holds no asset {Echo.Quote(query.ExternalId)}.")
            : TypedResults.Ok(new HistoryResponse(query.Source, query.ExternalId, found.Items.Select(QuotePoint.From).ToArray(), Pagination.From(found)));
    }

    private static async Task<Results<Ok<ListResponse<NewsView>>, ProblemHttpResult>> GetNewsAsync(
        [AsParameters] NewsQuery query, IGrainFactory grains, HttpContext http)
    {
        var input = new QueryInput();
        var symbol = input.Symbol("symbol", query.Symbol);
        var page = input.Paging(query.Page, query.PerPage);
        if (input.Problem() is { } problem)
        {
            return problem;
        }

        var found = await grains.GetGrain<INewsQueryGrain>(0).GetNews(new NewsFilter(query.Source, symbol), page, http.RequestAborted);
        return TypedResults.Ok(ListResponse.From(found, NewsView.From));
    }

    public readonly record struct DataQuery(
        [property: FromQuery(Name = "source"), Description("A configured source id.")] string? Source,
        [property: FromQuery(Name = "symbol"), Description("An asset symbol, any case.")] string? Symbol,
        [property: FromQuery(Name = "min_price"), Description("Lowest current price, inclusive.")] string? MinPrice,
        [property: FromQuery(Name = "max_price"), Description("Highest current price, inclusive.")] string? MaxPrice,
        [property: FromQuery(Name = "page"), Description("Page number, from 1 (default 1).")] string? Page,
        [property: FromQuery(Name = "per_page"), Description("Items per page, 1 to 100 (default 50).")] string? PerPage,
        [property: FromQuery(Name = "cursor"), Description(
            "Instead of page: the pagination's next_cursor of the previous page; the rows after it, with the same filters.")] string? Cursor);

    public readonly record struct HistoryQuery(
        [property: FromRoute(Name = "source")] string Source,
        [property: FromRoute(Name = "external_id")] string ExternalId,
        [property: FromQuery(Name = "from"), Description("Earliest observation, ISO 8601, inclusive.")] string? From,
        [property: FromQuery(Name = "to"), Description("Latest observation, ISO 8601, inclusive.")] string? To,
        [property: FromQuery(Name = "page"), Description("Page number, from 1 (default 1).")] string? Page,
        [property: FromQuery(Name = "per_page"), Description("Items per page, 1 to 100 (default 50).")] string? PerPage);

    public readonly record struct NewsQuery(
        [property: FromQuery(Name = "source"), Description("A configured source id.")] string? Source,
        [property: FromQuery(Name = "symbol"), Description("Items that mention this asset symbol, any case.")] string? Symbol,
        [property: FromQuery(Name = "page"), Description("Page number, from 1 (default 1).")] string? Page,
        [property: FromQuery(Name = "per_page"), Description("Items per page, 1 to 100 (default 50).")] string? PerPage);
}
