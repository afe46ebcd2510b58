namespace Kasparro.Grains.Alerts;

/// <summary>
/// What a webhook URL may be, checked when a subscription is stored and again before each request
/// (the allow-list may have changed since): absolute http or https, no credentials in it, and a host
/// on <see cref="AlertOptions.AllowedHosts"/> when that list is not empty (<c>*.example.com</c>
/// allows the subdomains of example.com, not example.com itself).
/// </summary>
public static class WebhookUrls
{
    /// <summary>Null when <paramref name="url"/> may be used, else why not (one sentence).</summary>
    public static string? Check(string? url, IEnumerable<string> allowedHosts)
    {
        ArgumentNullException.ThrowIfNull(allowedHosts);
        if (string.IsNullOrWhiteSpace(url))
        {
            return "A webhook needs a url.";
        }

        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            return "A webhook url must be an absolute http or https URL.";
        }

        if (!string.IsNullOrEmpty(uri.UserInfo))
        {
            return "A webhook url must not hold credentials; the signature authenticates the sender.";
        }

        return HostAllowed(uri.IdnHost, allowedHosts) ? null : $"Host '{uri.IdnHost}' is not in Kasparro:Alerts:AllowedHosts.";
    }

    /// <summary>Whether <paramref name="host"/> is allowed: any host when the list is empty.</summary>
    public static bool HostAllowed(string host, IEnumerable<string> allowedHosts)
    {
        ArgumentNullException.ThrowIfNull(allowedHosts);
        var any = false;
        foreach (var allowed in allowedHosts)
        {
            any = true;
            var pattern = allowed.Trim();
            if (pattern.StartsWith("*.", StringComparison.Ordinal)
                ? host.EndsWith(pattern[1..], StringComparison.OrdinalIgnoreCase) && host.Length > pattern.Length - 1
                : string.Equals(host, pattern, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return !any;
    }
}
