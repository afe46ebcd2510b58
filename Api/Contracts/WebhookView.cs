using Kasparro.Grains.Interfaces.Alerts;

namespace Kasparro.Api.Contracts;

/// <summary>
/// <c>GET /alerts/webhooks/{id}</c>: a subscription as the cluster keeps it, without its secret —
/// <c>secret_set</c> says one is there; the value never leaves the cluster. The version is also the <c>ETag</c>.
/// </summary>
public sealed record WebhookView(
    string Id,
    string Url,
    IReadOnlyList<string> Kinds,
    IReadOnlyList<string> Sources,
    string Format,
    bool Enabled,
    bool SecretSet,
    string ManagedBy,
    long Version,
    DateTime UpdatedAt,
    string UpdatedBy) : ApiResponse
{
    public static WebhookView From(WebhookSubscription s)
    {
        ArgumentNullException.ThrowIfNull(s);
        return new WebhookView(
            s.Id, s.Url, s.Kinds, s.Sources, s.Format, s.Enabled, !string.IsNullOrEmpty(s.Secret), s.ManagedBy, s.Version, s.UpdatedAt, s.UpdatedBy);
    }
}
