using Kasparro.Grains.Alerts;
using Kasparro.Grains.Interfaces.Alerts;
using Kasparro.Grains.Storage;
using Kasparro.Grains.Telemetry;
using Kasparro.IntegrationTests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Kasparro.IntegrationTests.Alerts;

/// <summary>
/// The relay's cycle over the in-memory outbox and a real receiver, the clock in the test's hand:
/// retries until delivered (one 2xx per webhook id), 410 gives up, the max age gives up, a gone
/// subscription cancels.
/// </summary>
public sealed class AlertRelayCycleTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 1, 10, 0, 0, TimeSpan.Zero);

    private sealed class Rig : IDisposable
    {
        public Rig(Action<AlertOptions>? configure = null)
        {
            Harness = new SenderHarness(
                o =>
                {
                    (o.FirstRetryDelay, o.MaxRetryDelay, o.GroupWindow) = (TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2), TimeSpan.Zero);
                    configure?.Invoke(o);
                },
                Clock);
            Store = new InMemoryAlertStore(Clock);
            var services = Harness.Services;
            Cycle = new AlertRelayCycle(
                Store, Harness.Sender, services.GetRequiredService<IOptionsMonitor<AlertOptions>>(), Clock,
                services.GetRequiredService<KasparroMetrics>(), services.GetRequiredService<ILoggerFactory>().CreateLogger("relay"), "silo-test/1");
        }

        public FakeTimeProvider Clock { get; } = new(Start);

        public SenderHarness Harness { get; }

        public InMemoryAlertStore Store { get; }

        public AlertRelayCycle Cycle { get; }

        public Task RaiseAsync(params string[] kinds) => Store.RaiseAsync(
            [.. kinds.Select((k, i) => new AlertEvent($"{k}:{i}", k, "coingecko", Clock.GetUtcNow().UtcDateTime, AlertKinds.Warning, $"{k} happened", null, "{}"))],
            CancellationToken.None);

        /// <summary>Runs cycles, the clock moving <paramref name="step"/> after each, until <paramref name="done"/> or a number of turns.</summary>
        public async Task TurnUntilAsync(IReadOnlyList<WebhookSubscription> subscriptions, Func<AlertCounts, bool> done, TimeSpan step, int turns = 40)
        {
            for (var turn = 0; turn < turns; turn++)
            {
                await Cycle.RunAsync(subscriptions, CancellationToken.None);
                if (done(await Store.CountsAsync(CancellationToken.None)))
                {
                    return;
                }

                Clock.Advance(step);
            }

            Assert.Fail($"Not done after {turns} turns: {await Store.CountsAsync(CancellationToken.None)}");
        }

        public void Dispose() => Harness.Dispose();
    }

    [Fact]
    public async Task Failing_attempts_are_retried_until_each_delivery_is_delivered_once()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.FailFirst(2, 503);
        using var rig = new Rig();
        using var deliveries = Measurements.Collect<long>(rig.Harness.Services, "kasparro.alert_deliveries");
        using var attempts = Measurements.Collect<long>(rig.Harness.Services, "kasparro.alert_attempts");
        var subscription = SenderHarness.Subscription(receiver.UrlFor("/hooks/ops"));
        await rig.RaiseAsync(AlertKinds.RunFailed, AlertKinds.DriftDetected, AlertKinds.SourceFailing);

        await rig.TurnUntilAsync([subscription], c => c.Delivered == 3, TimeSpan.FromSeconds(2));

        var received = receiver.Received;
        Assert.Equal(5, received.Count);
        var delivered = received.Where(r => r.Number > 2).ToList();
        Assert.Equal(3, delivered.Select(r => r.WebhookId).Distinct().Count());
        Assert.All(received, r => Assert.True(r.SignatureVerifies(SenderHarness.Secret)));
        foreach (var group in received.GroupBy(r => r.WebhookId))
        {
            Assert.Single(group.Select(r => Convert.ToBase64String(r.Body)).Distinct()); // every retry the same bytes
        }

        var logs = new List<int?[]>();
        foreach (var id in new[] { $"{AlertKinds.RunFailed}:0", $"{AlertKinds.DriftDetected}:1", $"{AlertKinds.SourceFailing}:2" })
        {
            var delivery = Assert.Single((await rig.Store.GetAsync(id, CancellationToken.None))!.Deliveries);
            Assert.Equal(AlertDeliveryStates.Delivered, delivery.State);
            logs.Add([.. delivery.AttemptLog.Select(a => a.StatusCode)]);
        }

        // Two of the five requests failed, so the attempt logs hold two 503s before their 200s and three 200s in all.
        Assert.Equal(2, logs.Sum(l => l.Count(c => c == 503)));
        Assert.All(logs, l => Assert.Equal(200, l[^1]));
        Assert.Equal(0, (await rig.Store.CountsAsync(CancellationToken.None)).Pending);
        Assert.Equal(3, deliveries.Sum(("outcome", AlertDeliveryStates.Delivered)));
        Assert.Equal(3, attempts.Sum(("result", WebhookAttemptResults.Delivered)));
        Assert.Equal(2, attempts.Sum(("result", WebhookAttemptResults.HttpError)));
    }

    [Fact]
    public async Task The_pending_gauge_is_counted_at_most_every_few_seconds()
    {
        using var rig = new Rig();
        using var pending = Measurements.Collect<long>(rig.Harness.Services, "kasparro.alert_deliveries.pending");
        var subscription = SenderHarness.Subscription("http://127.0.0.1:9/unused");
        await rig.RaiseAsync(AlertKinds.RunFailed);
        await rig.Store.PlanAsync([subscription], TimeSpan.Zero, rig.Clock.GetUtcNow().UtcDateTime, CancellationToken.None);

        pending.RecordObservableInstruments();
        Assert.Null(pending.LastMeasurement); // nothing counted yet: nothing reported
        await rig.Cycle.CountPendingAsync(CancellationToken.None);
        pending.RecordObservableInstruments();
        Assert.Equal(1, pending.LastMeasurement!.Value);

        await rig.RaiseAsync(AlertKinds.RunFailed, AlertKinds.DriftDetected);
        await rig.Store.PlanAsync([subscription], TimeSpan.Zero, rig.Clock.GetUtcNow().UtcDateTime, CancellationToken.None);
        await rig.Cycle.CountPendingAsync(CancellationToken.None);
        pending.RecordObservableInstruments();
        Assert.Equal(1, pending.LastMeasurement!.Value); // too soon: not counted again

        rig.Clock.Advance(AlertRelayCycle.CountsPeriod);
        await rig.Cycle.CountPendingAsync(CancellationToken.None);
        pending.RecordObservableInstruments();
        Assert.Equal(2, pending.LastMeasurement!.Value);
    }

    [Fact]
    public async Task Gone_fails_the_delivery_at_once()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Answer = _ => WebhookAnswer.With(410);
        using var rig = new Rig();
        await rig.RaiseAsync(AlertKinds.RunFailed);

        await rig.TurnUntilAsync([SenderHarness.Subscription(receiver.UrlFor())], c => c.Failed == 1, TimeSpan.FromSeconds(2));

        var record = await rig.Store.GetAsync($"{AlertKinds.RunFailed}:0", CancellationToken.None);
        var delivery = Assert.Single(record!.Deliveries);
        Assert.Equal([410], delivery.AttemptLog.Select(a => a.StatusCode));
        Assert.Single(receiver.Received);
    }

    [Fact]
    public async Task A_delivery_past_its_max_age_is_given_up()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Answer = _ => WebhookAnswer.With(500, "still broken");
        using var rig = new Rig(o => o.MaxDeliveryAge = TimeSpan.FromSeconds(10));
        var subscription = SenderHarness.Subscription(receiver.UrlFor());
        await rig.RaiseAsync(AlertKinds.RunFailed);

        await rig.TurnUntilAsync([subscription], c => c.Failed == 1, TimeSpan.FromSeconds(1));

        var delivery = Assert.Single((await rig.Store.GetAsync($"{AlertKinds.RunFailed}:0", CancellationToken.None))!.Deliveries);
        Assert.Equal(AlertDeliveryStates.Failed, delivery.State);
        Assert.True(delivery.AttemptLog.Count >= 2, $"{delivery.AttemptLog.Count} attempts");
        Assert.All(delivery.AttemptLog, a => Assert.True(a.At <= Start.UtcDateTime.AddSeconds(10), $"attempt at {a.At:O}"));
        Assert.Contains("still broken", delivery.LastError, StringComparison.Ordinal);
        Assert.Contains(rig.Harness.Logs.Entries, e => e.Message.Contains("given up", StringComparison.Ordinal));
        Assert.DoesNotContain(rig.Harness.Logs.Entries, e => e.Message.Contains(SenderHarness.Secret[6..20], StringComparison.Ordinal));

        var sent = receiver.Received.Count;
        rig.Clock.Advance(TimeSpan.FromMinutes(5));
        await rig.Cycle.RunAsync([subscription], CancellationToken.None);
        Assert.Equal(sent, receiver.Received.Count);
    }

    [Fact]
    public async Task A_delivery_whose_subscription_is_gone_is_cancelled_unsent()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        using var rig = new Rig();
        var subscription = SenderHarness.Subscription(receiver.UrlFor());
        await rig.RaiseAsync(AlertKinds.RunFailed);
        await rig.Store.PlanAsync([subscription], TimeSpan.Zero, rig.Clock.GetUtcNow().UtcDateTime, CancellationToken.None);

        await rig.TurnUntilAsync([subscription with { Enabled = false }], c => c.Cancelled == 1, TimeSpan.FromSeconds(1));

        Assert.Empty(receiver.Received);
        Assert.Equal(0, (await rig.Store.CountsAsync(CancellationToken.None)).Pending);
    }
}
