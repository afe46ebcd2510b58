namespace Kasparro.Api.Contracts;

/// <summary>A paused source: since when, why (null when no reason was given), and the id of the key that paused it.</summary>
public sealed record PauseView(DateTime At, string? Reason, string By);
