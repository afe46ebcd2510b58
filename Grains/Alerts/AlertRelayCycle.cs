using Kasparro.Grains.Interfaces.Alerts;
using Kasparro.Grains.Telemetry;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Kasparro.Grains.Alerts;

/// <summary>
/// One turn of the relay, with no loop or timer of its own (so tests drive it step by step): plan the
/// new events into deliveries, claim up to <see cref="Parallelism"/> due deliveries under a lease, send
/// them at most <see cref="Parallelism"/> at a time and record each attempt with the delivery's next
/// state (<see cref="AlertRetryPolicy"/>). A delivery whose subscription is no longer there (or is
/// disabled) is recorded cancelled without being sent. Claiming no more than can be sent at once
/// keeps every attempt well inside its lease (<c>Lease</c> &gt; <c>RequestTimeout</c>).
/// </summary>
public sealed class AlertRelayCycle(
    IAlertStore store, WebhookSender sender, IOptionsMonitor<AlertOptions> options, TimeProvider time, KasparroMetrics metrics, ILogger logger, string owner)
{
    /// <summary>Deliveries claimed and sent at once per cycle.</summary>
    public const int Parallelism = 4;

    /// <summary>Who holds the leases this cycle takes (the silo's address and a random suffix).</summary>
    public string Owner { get; } = owner;

    /// <summary>The shortest time between two counts of the pending deliveries (the gauge never costs a query per scrape).</summary>
    public static readonly TimeSpan CountsPeriod = TimeSpan.FromSeconds(5);

    private long _lastCounted;

    /// <summary>The random source of the retry jitter (replaceable in tests).</summary>
    public Random Random { get; init; } = Random.Shared;

    /// <summary>Runs one cycle with subscriptions known beforehand (tests).</summary>
    public Task<int> RunAsync(IReadOnlyList<WebhookSubscription> subscriptions, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(subscriptions);
        return RunAsync(_ => Task.FromResult(subscriptions), cancellationToken);
    }

    /// <summary>
    /// Runs one cycle; returns how many deliveries it claimed (as many as <see cref="Parallelism"/>:
    /// more may be due at once). The subscriptions are read when the plan has read its events (see
    /// <see cref="IAlertStore.PlanAsync"/>).
    /// </summary>
    public async Task<int> RunAsync(Func<CancellationToken, Task<IReadOnlyList<WebhookSubscription>>> readSubscriptions, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(readSubscriptions);
        var settings = options.CurrentValue;
        var now = time.GetUtcNow().UtcDateTime;
        IReadOnlyList<WebhookSubscription>? subscriptions = null;
        await store.PlanAsync(async ct => subscriptions = await readSubscriptions(ct), settings.GroupWindow, now, cancellationToken);
        var claimed = await store.ClaimDueAsync(Parallelism, now, settings.Lease, Owner, cancellationToken);
        if (claimed.Count == 0)
        {
            return 0;
        }

        subscriptions ??= await readSubscriptions(cancellationToken);
        var live = subscriptions.Where(s => s.Enabled).ToDictionary(s => s.Id, StringComparer.Ordinal);
        await Parallel.ForEachAsync(
            claimed,
            new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken },
            async (delivery, token) => await DeliverAsync(delivery, live.GetValueOrDefault(delivery.SubscriptionId), token));
        return claimed.Count;
    }

    private async Task DeliverAsync(ClaimedDelivery delivery, WebhookSubscription? subscription, CancellationToken cancellationToken)
    {
        DeliveryAttempt attempt;
        DeliveryOutcome outcome;
        if (subscription is null)
        {
            attempt = new DeliveryAttempt(
                delivery.Attempts + 1, time.GetUtcNow().UtcDateTime, null, $"Subscription '{delivery.SubscriptionId}' is gone or disabled; not sent.", 0);
            outcome = new DeliveryOutcome(AlertDeliveryStates.Cancelled, null);
        }
        else
        {
            attempt = await sender.SendAsync(subscription, delivery, cancellationToken);
            outcome = AlertRetryPolicy.Next(attempt, delivery.CreatedAt, time.GetUtcNow().UtcDateTime, options.CurrentValue, Random);
        }

        if (!await store.RecordAttemptAsync(delivery.DeliveryId, Owner, attempt, outcome, cancellationToken))
        {
            logger.LeaseLost(Owner, delivery.DeliveryId);
            return;
        }

        switch (outcome.State)
        {
            case AlertDeliveryStates.Delivered:
                metrics.AlertDeliveryFinished(outcome.State);
                if (attempt.Number > 1)
                {
                    logger.DeliveredAfterRetries(delivery.SubscriptionId, delivery.DeliveryId, attempt.Number);
                }

                break;
            case AlertDeliveryStates.Failed:
                metrics.AlertDeliveryFinished(outcome.State);
                logger.DeliveryFailed(delivery.SubscriptionId, delivery.DeliveryId, attempt.Number, attempt.Error ?? $"status {attempt.StatusCode}");
                break;
            case AlertDeliveryStates.Cancelled:
                metrics.AlertDeliveryFinished(outcome.State);
                logger.DeliveryCancelled(delivery.SubscriptionId, delivery.DeliveryId);
                break;
        }
    }

    /// <summary>
    /// Counts the pending deliveries for <c>kasparro_alert_deliveries_pending</c>, unless the last
    /// count is younger than <see cref="CountsPeriod"/>. A failed count is logged and leaves the last figure.
    /// </summary>
    public async Task CountPendingAsync(CancellationToken cancellationToken)
    {
        var now = time.GetTimestamp();
        if (_lastCounted != 0 && time.GetElapsedTime(_lastCounted, now) < CountsPeriod)
        {
            return;
        }

        _lastCounted = now;
        try
        {
            metrics.AlertsPending((await store.CountsAsync(cancellationToken)).Pending);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            logger.CountsFailed(Owner, ex.Message);
        }
    }
}
