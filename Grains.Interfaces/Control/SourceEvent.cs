namespace Kasparro.Grains.Interfaces.Control;

/// <summary>
/// One entry of a source's audit trail: what happened (<see cref="SourceEventKinds"/>), when, by
/// which key (its id, never the key itself; <c>configuration</c> for a change read from
/// configuration at start), the definition's version after it, what changed (setting name to its
/// old and new value; secrets shown as <c>***</c>) and a human sentence.
/// </summary>
[GenerateSerializer, Immutable, Alias("kasparro.SourceEvent")]
public sealed record SourceEvent(
    [property: Id(0)] Guid EventId,
    [property: Id(1)] string Source,
    [property: Id(2)] DateTime At,
    [property: Id(3)] string Kind,
    [property: Id(4)] string By,
    [property: Id(5)] long? Version,
    [property: Id(6)] IReadOnlyDictionary<string, SettingChange> Changes,
    [property: Id(7)] string Detail);

/// <summary>One setting's value before and after a change; null where it was or became unset.</summary>
[GenerateSerializer, Immutable, Alias("kasparro.SettingChange")]
public sealed record SettingChange(
    [property: Id(0)] string? Before,
    [property: Id(1)] string? After);
