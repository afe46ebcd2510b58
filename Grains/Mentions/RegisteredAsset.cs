using Kasparro.Grains.Normalization;

namespace Kasparro.Grains.Mentions;

/// <summary>
/// An asset (symbol and one name it has been stored under) as the mention registry knows it,
/// numbered in the order the registry learned it: <see cref="Seq"/> 1, 2, 3... A news item linked
/// through number N has been matched against every asset numbered up to N.
/// </summary>
public sealed record RegisteredAsset(long Seq, KnownAsset Asset);
