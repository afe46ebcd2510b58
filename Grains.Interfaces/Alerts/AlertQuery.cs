namespace Kasparro.Grains.Interfaces.Alerts;

/// <summary>
/// Which alerts <c>GET /alerts</c> lists (newest first): only those of a source, of a kind, or with a
/// delivery in a state (<see cref="AlertDeliveryStates"/>), when given.
/// </summary>
[GenerateSerializer, Immutable, Alias("kasparro.AlertQuery")]
public sealed record AlertQuery(
    [property: Id(0)] string? Source,
    [property: Id(1)] string? Kind,
    [property: Id(2)] string? DeliveryState);
