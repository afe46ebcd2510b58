namespace Kasparro.Api.Contracts;

/// <summary><c>GET /alerts/webhooks</c>: every subscription, by id.</summary>
public sealed record WebhookListResponse(IReadOnlyList<WebhookView> Webhooks) : ApiResponse;
