namespace Kasparro.Grains.Interfaces.Alerts;

/// <summary>An alert as <c>GET /alerts</c> shows it: the event and its delivery to each subscription.</summary>
[GenerateSerializer, Immutable, Alias("kasparro.AlertRecord")]
public sealed record AlertRecord(
    [property: Id(0)] AlertEvent Event,
    [property: Id(1)] DateTime RaisedAt,
    [property: Id(2)] IReadOnlyList<AlertDelivery> Deliveries);

/// <summary>
/// One delivery to one subscription: a webhook message (<see cref="DeliveryId"/> is its stable
/// <c>webhook-id</c>) carrying <see cref="EventCount"/> events of one kind and source — more than
/// one when repeats within the grouping window were folded into it. <see cref="State"/> is one of
/// <see cref="AlertDeliveryStates"/>. <see cref="AttemptLog"/> is filled for one alert's detail only.
/// </summary>
[GenerateSerializer, Immutable, Alias("kasparro.AlertDelivery")]
public sealed record AlertDelivery(
    [property: Id(0)] string DeliveryId,
    [property: Id(1)] string SubscriptionId,
    [property: Id(2)] string State,
    [property: Id(3)] int EventCount,
    [property: Id(4)] int Attempts,
    [property: Id(5)] int? LastStatusCode,
    [property: Id(6)] string? LastError,
    [property: Id(7)] DateTime CreatedAt,
    [property: Id(8)] DateTime DueAt,
    [property: Id(9)] DateTime? DeliveredAt,
    [property: Id(10)] IReadOnlyList<DeliveryAttempt> AttemptLog);

/// <summary>One try at a delivery: when, the receiver's status code (null: no answer) or the error, and how long it took.</summary>
[GenerateSerializer, Immutable, Alias("kasparro.DeliveryAttempt")]
public sealed record DeliveryAttempt(
    [property: Id(0)] int Number,
    [property: Id(1)] DateTime At,
    [property: Id(2)] int? StatusCode,
    [property: Id(3)] string? Error,
    [property: Id(4)] double DurationMs);

/// <summary>The states of an <see cref="AlertDelivery"/>.</summary>
public static class AlertDeliveryStates
{
    /// <summary>Not delivered yet: due now, waiting for its grouping window, or between retries.</summary>
    public const string Pending = "pending";

    /// <summary>The receiver answered 2xx.</summary>
    public const string Delivered = "delivered";

    /// <summary>Given up: the retry budget (<c>Kasparro:Alerts:MaxDeliveryAge</c>) ran out, or the receiver refused it for good.</summary>
    public const string Failed = "failed";

    /// <summary>Its subscription was deleted or disabled before it went out.</summary>
    public const string Cancelled = "cancelled";

    public static readonly IReadOnlyList<string> All = [Pending, Delivered, Failed, Cancelled];
}

/// <summary>How many deliveries are in each state (the metrics' pending gauge, <c>GET /alerts</c>' summary).</summary>
[GenerateSerializer, Immutable, Alias("kasparro.AlertCounts")]
public sealed record AlertCounts(
    [property: Id(0)] long Pending,
    [property: Id(1)] long Delivered,
    [property: Id(2)] long Failed,
    [property: Id(3)] long Cancelled);
