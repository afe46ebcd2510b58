using Kasparro.Grains.Interfaces.Alerts;
using Microsoft.Extensions.Logging;
using Orleans.Concurrency;

namespace Kasparro.Grains.Alerts;

/// <summary>
/// <c>POST /alerts/webhooks/{id}/test</c>: sends the sample event (<see cref="AlertKinds.Test"/>) to
/// one subscription through the same <see cref="WebhookSender"/> as every delivery — signed, the URL
/// and addresses checked, bounded by the request timeout — and reports the answer. A disabled
/// subscription is sent to as well (an operator may test before enabling). Nothing is stored or retried.
/// </summary>
[GrainType("webhook-test"), StatelessWorker, Reentrant]
public sealed class WebhookTestGrain(WebhookSender sender, TimeProvider time, ILogger<WebhookTestGrain> logger) : Grain, IWebhookTestGrain
{
    public async Task<WebhookTestResult> Send(string subscriptionId, string by)
    {
        var subscription = await GrainFactory.GetGrain<IWebhookRegistryGrain>(0).Find(subscriptionId)
            ?? throw WebhookNotFoundException.For(subscriptionId);
        var sample = WebhookBody.Sample(subscription.Id, time.GetUtcNow().UtcDateTime);
        var attempt = await sender.SendAsync(subscription, sample, CancellationToken.None);
        var host = WebhookSender.HostOf(subscription.Url);
        logger.TestSent(subscription.Id, sample.DeliveryId, host, by, attempt.StatusCode, attempt.Error);
        return new WebhookTestResult(
            subscription.Id, sample.DeliveryId, attempt.StatusCode is >= 200 and < 300, attempt.StatusCode, attempt.Error, attempt.DurationMs);
    }
}
