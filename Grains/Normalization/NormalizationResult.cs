using Kasparro.Grains.Interfaces.Assets;
using Kasparro.Grains.Interfaces.News;

namespace Kasparro.Grains.Normalization;

/// <summary>A quote, a news item, or the reason there is neither.</summary>
public readonly record struct NormalizationResult(AssetQuote? Quote, Rejection? Rejection, NewsItem? News = null)
{
    public static NormalizationResult Accepted(AssetQuote quote) => new(quote, null);

    public static NormalizationResult Accepted(NewsItem news) => new(null, null, news);

    public static NormalizationResult Rejected(Rejection rejection) => new(null, rejection);
}
