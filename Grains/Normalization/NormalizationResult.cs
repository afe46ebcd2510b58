using Kasparro.Grains.Interfaces.Assets;

namespace Kasparro.Grains.Normalization;

/// <summary>Either a quote or the reason there is none.</summary>
public readonly record struct NormalizationResult(AssetQuote? Quote, Rejection? Rejection)
{
    public static NormalizationResult Accepted(AssetQuote quote) => new(quote, null);

    public static NormalizationResult Rejected(Rejection rejection) => new(null, rejection);
}
