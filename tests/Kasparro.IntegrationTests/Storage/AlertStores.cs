using Kasparro.Grains.Alerts;
using Kasparro.Grains.Interfaces.Alerts;
using Kasparro.Grains.Storage;
using Kasparro.IntegrationTests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Kasparro.IntegrationTests.Storage;

/// <summary>The two alert stores, by name, with an empty outbox each, and the subscriptions and events the tests use.</summary>
internal static class AlertStores
{
    public static readonly DateTime T0 = new(2026, 11, 30, 9, 0, 0, DateTimeKind.Utc);

    public static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);

    /// <summary>
    /// A store over an empty outbox. Plans and claims see every row of the database, so the class's
    /// tests (which run one after another) each start from empty tables.
    /// </summary>
    public static async Task<IAlertStore> CreateAsync(string kind, NpgsqlDataSource postgres, string connectionString)
    {
        if (kind != "postgres")
        {
            return new InMemoryAlertStore();
        }

        await TestPostgres.ExecuteAsync(connectionString, "TRUNCATE alert_attempts, alert_delivery_events, alert_deliveries, alert_events");
        return new PostgresAlertStore(postgres, NullLogger<PostgresAlertStore>.Instance);
    }

    public static WebhookSubscription Subscription(string id, string[]? kinds = null, string[]? sources = null, bool enabled = true) =>
        new(id, "http://127.0.0.1:9/hook", kinds ?? [], sources ?? [], WebhookFormats.Standard, "s3cret", enabled, WebhookManagers.Api, 1, T0, "ops");

    public static AlertEvent Event(string id, string kind = AlertKinds.RunFailed, string source = "csv", DateTime? at = null, string summary = "the run failed", string data = """{"run_id":"r1"}""") =>
        new(id, kind, source, at ?? T0, AlertKinds.Critical, summary, null, data);

    public static Task<IReadOnlyList<ClaimedDelivery>> Claim(this IAlertStore store, DateTime now, string owner = "silo-a", int max = 100) =>
        store.ClaimDueAsync(max, now, TimeSpan.FromSeconds(30), owner, CancellationToken.None);

    public static Task<bool> Record(this IAlertStore store, string deliveryId, string owner, DateTime at, DeliveryOutcome outcome, int? status = 500) =>
        store.RecordAttemptAsync(deliveryId, owner, new DeliveryAttempt(0, at, status, status is null ? "connection refused" : null, 12.5), outcome, CancellationToken.None);

    public static Task<int> Plan(this IAlertStore store, DateTime now, TimeSpan window, params WebhookSubscription[] subscriptions) =>
        store.PlanAsync(subscriptions, window, now, CancellationToken.None);

    public static async Task<AlertRecord> Get(this IAlertStore store, string eventId) =>
        await store.GetAsync(eventId, CancellationToken.None) ?? throw new Xunit.Sdk.XunitException($"no alert {eventId}");
}
