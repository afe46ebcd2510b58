using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using Kasparro.Grains.Interfaces.Alerts;
using Kasparro.Grains.Telemetry;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Kasparro.Grains.Alerts;

/// <summary>
/// Makes one signed attempt of a delivery, guarded: the URL is checked against the rules before every
/// request (the allow-list may have changed), the transport refuses inside addresses
/// (<see cref="WebhookConnections"/>), redirects are followed only as 307/308 to the same scheme, host
/// and port (at most <see cref="MaxRedirects"/>), the whole attempt has <c>RequestTimeout</c>, and at
/// most <c>MaxResponseBytes</c> of an answer is read (for the error text). Never throws for what the
/// receiver or the network did: the outcome is the returned <see cref="DeliveryAttempt"/>.
/// </summary>
public sealed class WebhookSender(
    IHttpClientFactory clients, IOptionsMonitor<AlertOptions> options, TimeProvider time, KasparroMetrics metrics, ILogger<WebhookSender> logger)
{
    /// <summary>The named HttpClient (registered by <see cref="AlertDeliveryServices"/>).</summary>
    public const string ClientName = "kasparro-webhooks";

    public const int MaxRedirects = 3;

    public const string UserAgent = "Kasparro-Webhooks/1.0";

    /// <summary>Most characters of a receiver's answer kept in an attempt's error.</summary>
    public const int MaxErrorText = 512;

    /// <summary>Sends <paramref name="delivery"/> to <paramref name="subscription"/>; the attempt's number follows the delivery's attempts so far.</summary>
    public async Task<DeliveryAttempt> SendAsync(WebhookSubscription subscription, ClaimedDelivery delivery, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(subscription);
        ArgumentNullException.ThrowIfNull(delivery);
        var settings = options.CurrentValue;
        var at = time.GetUtcNow();
        var started = Stopwatch.GetTimestamp();
        var body = WebhookBody.Build(delivery, subscription.Format);
        var timestamp = WebhookSignature.Timestamp(at);
        var signature = WebhookSignature.Sign(subscription.Secret, delivery.DeliveryId, timestamp, body);
        var (status, error, result) = await TrySendAsync(subscription.Url, delivery.DeliveryId, timestamp, signature, body, settings, cancellationToken);
        var attempt = new DeliveryAttempt(delivery.Attempts + 1, at.UtcDateTime, status, error, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        metrics.AlertAttempted(result);
        var host = HostOf(subscription.Url);
        if (result == WebhookAttemptResults.Delivered)
        {
            logger.AttemptDelivered(subscription.Id, delivery.DeliveryId, attempt.Number, host, status, attempt.DurationMs);
        }
        else
        {
            logger.AttemptFailed(subscription.Id, delivery.DeliveryId, attempt.Number, host, result, status, error);
        }

        return attempt;
    }

    /// <summary>The host of a webhook URL, the only part of it logs name.</summary>
    public static string HostOf(string url) => Uri.TryCreate(url, UriKind.Absolute, out var uri) ? uri.IdnHost : "(invalid url)";

    private async Task<(int? Status, string? Error, string Result)> TrySendAsync(
        string url, string webhookId, string timestamp, string signature, byte[] body, AlertOptions settings, CancellationToken cancellationToken)
    {
        using var attempt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        attempt.CancelAfter(settings.RequestTimeout);
        var client = clients.CreateClient(ClientName);
        try
        {
            var target = url;
            for (var redirects = 0; ; redirects++)
            {
                if (WebhookUrls.Check(target, settings.AllowedHosts) is { } refused)
                {
                    return (null, refused, WebhookAttemptResults.Refused);
                }

                var uri = new Uri(target);
                using var request = new HttpRequestMessage(HttpMethod.Post, uri) { Content = new ByteArrayContent(body) };
                request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
                request.Headers.TryAddWithoutValidation(WebhookSignature.IdHeader, webhookId);
                request.Headers.TryAddWithoutValidation(WebhookSignature.TimestampHeader, timestamp);
                request.Headers.TryAddWithoutValidation(WebhookSignature.SignatureHeader, signature);
                request.Headers.UserAgent.ParseAdd(UserAgent);
                using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, attempt.Token);
                var code = (int)response.StatusCode;
                if (code is >= 200 and < 300)
                {
                    return (code, null, WebhookAttemptResults.Delivered);
                }

                if (code is >= 300 and < 400)
                {
                    var (next, why) = Redirect(uri, code, response.Headers.Location, redirects);
                    if (next is null)
                    {
                        return (code, why, WebhookAttemptResults.Redirect);
                    }

                    target = next.AbsoluteUri;
                    continue;
                }

                var text = await ReadCappedAsync(response.Content, settings.MaxResponseBytes, attempt.Token);
                return (code, ErrorText(code, text), WebhookAttemptResults.HttpError);
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return (null, $"No answer within {settings.RequestTimeout:c} (Kasparro:Alerts:RequestTimeout).", WebhookAttemptResults.Timeout);
        }
        catch (HttpRequestException ex) when (Find<WebhookAddressRefusedException>(ex) is { } refused)
        {
            return (null, refused.Message, WebhookAttemptResults.Refused);
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException or System.Net.Sockets.SocketException)
        {
            return (null, $"{ex.Message}{(ex.InnerException is { } inner ? " " + inner.Message : "")}", WebhookAttemptResults.NetworkError);
        }
    }

    /// <summary>Where a redirect may be followed to, or null and why it is not (naming the target's host only).</summary>
    private static (Uri? Next, string? Why) Redirect(Uri from, int code, Uri? location, int followed)
    {
        if (location is null)
        {
            return (null, $"The receiver answered {code} without a Location; the redirect was not followed.");
        }

        var to = location.IsAbsoluteUri ? location : new Uri(from, location);
        var sameOrigin = string.Equals(to.Scheme, from.Scheme, StringComparison.OrdinalIgnoreCase)
            && string.Equals(to.IdnHost, from.IdnHost, StringComparison.OrdinalIgnoreCase)
            && to.Port == from.Port;
        var where = sameOrigin ? "the same host" : $"host '{(to.IsAbsoluteUri ? to.IdnHost : "?")}' ({to.Scheme}, port {to.Port.ToString(CultureInfo.InvariantCulture)})";
        if (code is not (307 or 308))
        {
            return (null, $"The receiver redirected ({code}) to {where}; the redirect was not followed (only 307/308 to the same host are).");
        }

        if (!sameOrigin)
        {
            return (null, $"The receiver redirected ({code}) to {where}; the redirect was not followed (only to the same scheme, host and port).");
        }

        return followed >= MaxRedirects
            ? (null, $"The receiver redirected ({code}) more than {MaxRedirects} times; the redirect was not followed.")
            : (to, null);
    }

    /// <summary>Reads at most <paramref name="max"/> bytes of an answer; the rest is never read (the connection is dropped).</summary>
    public static async Task<string> ReadCappedAsync(HttpContent content, int max, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(content);
        await using var stream = await content.ReadAsStreamAsync(cancellationToken);
        var buffer = new byte[Math.Max(0, max)];
        var filled = 0;
        while (filled < buffer.Length)
        {
            var read = await stream.ReadAsync(buffer.AsMemory(filled), cancellationToken);
            if (read == 0)
            {
                break;
            }

            filled += read;
        }

        return System.Text.Encoding.UTF8.GetString(buffer, 0, filled);
    }

    private static string ErrorText(int code, string answer)
    {
        var text = string.Join(' ', answer.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        if (text.Length > MaxErrorText)
        {
            text = text[..MaxErrorText] + "…";
        }

        return text.Length == 0 ? $"The receiver answered {code}." : $"The receiver answered {code}: {text}";
    }

    private static T? Find<T>(Exception exception)
        where T : Exception
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is T found)
            {
                return found;
            }
        }

        return null;
    }
}
