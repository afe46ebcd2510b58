using Kasparro.Grains.Interfaces.Alerts;

namespace Kasparro.Api.Contracts;

/// <summary>
/// <c>POST /alerts/webhooks/{id}/test</c>: what the receiver did with a sample event. <c>webhook</c> is
/// the subscription, <c>webhook_id</c> the message's <c>webhook-id</c> header. A refusal is still a 200:
/// <c>delivered</c> false, with the receiver's status code (null: no answer) or the error.
/// </summary>
public sealed record WebhookTestView(string Webhook, string WebhookId, bool Delivered, int? StatusCode, string? Error, double DurationMs) : ApiResponse
{
    public static WebhookTestView From(WebhookTestResult r)
    {
        ArgumentNullException.ThrowIfNull(r);
        return new WebhookTestView(r.SubscriptionId, r.WebhookId, r.Delivered, r.StatusCode, r.Error, Math.Round(r.DurationMs, 1));
    }
}
