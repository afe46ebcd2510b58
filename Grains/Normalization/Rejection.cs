namespace Kasparro.Grains.Normalization;

/// <summary>A record that failed validation: the reason (one of <see cref="RejectionReasons"/>) and what exactly was wrong.</summary>
public sealed record Rejection(string Reason, string Detail);
