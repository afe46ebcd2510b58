using System.Text.Json.Serialization;
using Kasparro.Grains.Interfaces.Assets;

namespace Kasparro.Api.Contracts;

/// <summary>An asset's latest quote, as <c>/data</c> lists it.</summary>
public sealed record AssetView(
    string Source,
    string ExternalId,
    string Symbol,
    string Name,
    decimal? CurrentPrice,
    decimal? MarketCap,
    [property: JsonPropertyName("volume_24h")] decimal? Volume24h,
    [property: JsonPropertyName("price_change_24h")] decimal? PriceChange24h,
    DateTime LastUpdated)
{
    public static AssetView From(AssetQuote q)
    {
        ArgumentNullException.ThrowIfNull(q);
        return new AssetView(q.Source, q.ExternalId, q.Symbol, q.Name, q.CurrentPrice, q.MarketCap, q.Volume24h, q.PriceChange24h, q.LastUpdated);
    }
}

/// <summary><c>GET /data</c>: a page of assets and how long the query took inside the gateway.</summary>
public sealed record DataResponse(IReadOnlyList<AssetView> Data, Pagination Pagination, double ApiLatencyMs) : ApiResponse;

/// <summary>One observation of an asset.</summary>
public sealed record QuotePoint(
    DateTime ObservedAt,
    decimal? CurrentPrice,
    decimal? MarketCap,
    [property: JsonPropertyName("volume_24h")] decimal? Volume24h,
    [property: JsonPropertyName("price_change_24h")] decimal? PriceChange24h,
    Guid RunId)
{
    public static QuotePoint From(AssetQuote q)
    {
        ArgumentNullException.ThrowIfNull(q);
        return new QuotePoint(q.LastUpdated, q.CurrentPrice, q.MarketCap, q.Volume24h, q.PriceChange24h, q.RunId);
    }
}

/// <summary><c>GET /data/{source}/{external_id}/history</c>: the asset and a page of its quotes, newest first.</summary>
public sealed record HistoryResponse(string Source, string ExternalId, IReadOnlyList<QuotePoint> Data, Pagination Pagination) : ApiResponse;
