namespace Kasparro.Api.Contracts;

/// <summary>The optional body of <c>POST /sources/{source}/pause</c>: why (trimmed; clipped to 500 characters).</summary>
public sealed record PauseBody(string? Reason);
