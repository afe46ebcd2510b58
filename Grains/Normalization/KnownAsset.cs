namespace Kasparro.Grains.Normalization;

/// <summary>An asset news items can mention: its symbol (upper case) and name.</summary>
public sealed record KnownAsset(string Symbol, string Name);
