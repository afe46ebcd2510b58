namespace Kasparro.Grains.Alerts;

/// <summary>How a webhook attempt ended: the <c>result</c> label of <c>kasparro_alert_attempts_total</c>.</summary>
public static class WebhookAttemptResults
{
    /// <summary>The receiver answered 2xx.</summary>
    public const string Delivered = "delivered";

    /// <summary>The receiver answered, not 2xx (and not a redirect).</summary>
    public const string HttpError = "http_error";

    /// <summary>A redirect the sender does not follow (not 307/308, another host, or too many).</summary>
    public const string Redirect = "redirect";

    /// <summary>No whole answer within <c>Kasparro:Alerts:RequestTimeout</c>.</summary>
    public const string Timeout = "timeout";

    /// <summary>The host could not be resolved or reached, or the connection broke.</summary>
    public const string NetworkError = "network_error";

    /// <summary>The URL or every address of its host was refused by the rules (allow-list, network guard); nothing was sent.</summary>
    public const string Refused = "refused";
}
