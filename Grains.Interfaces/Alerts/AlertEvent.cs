namespace Kasparro.Grains.Interfaces.Alerts;

/// <summary>
/// Something a team should hear about (<see cref="AlertKinds"/>). <see cref="Id"/> is stable for the
/// fact it reports (e.g. <c>run.failed:{runId}</c>), so raising it again — an outbox retried after a
/// crash — stores it once. <see cref="Data"/> is a JSON object (snake_case keys) with the figures of
/// the kind: the run, the drift summary, the anomaly's values; receivers get it as the payload's
/// <c>data</c>. <see cref="Summary"/> is one human sentence (what a Slack message shows).
/// </summary>
[GenerateSerializer, Immutable, Alias("kasparro.AlertEvent")]
public sealed record AlertEvent(
    [property: Id(0)] string Id,
    [property: Id(1)] string Kind,
    [property: Id(2)] string Source,
    [property: Id(3)] DateTime OccurredAt,
    [property: Id(4)] string Severity,
    [property: Id(5)] string Summary,
    [property: Id(6)] Guid? RunId,
    [property: Id(7)] string Data);
