namespace Kasparro.Grains.Interfaces.Sources;

/// <summary>
/// A source as its grain sees it: settings, position, whether it is paused (since when, why, by whom), the run in progress and recent runs, and the
/// field renames the <c>evolve</c> drift policy applies (configured name to the source's name; empty when none).
/// </summary>
[GenerateSerializer, Immutable, Alias("kasparro.SourceStatus")]
public sealed record SourceStatus(
    [property: Id(0)] string Source,
    [property: Id(1)] SourceKind Kind,
    [property: Id(2)] bool Enabled,
    [property: Id(3)] TimeSpan Interval,
    [property: Id(4)] DateTime? NextDueAt,
    [property: Id(5)] SourceCheckpoint Checkpoint,
    [property: Id(6)] RunInfo? ActiveRun,
    [property: Id(7)] RunInfo? LastRun,
    [property: Id(8)] FailureInjectionSettings FailureInjection,
    [property: Id(9)] IReadOnlyDictionary<string, string>? AppliedRenames = null,
    [property: Id(10)] Control.SourcePause? Paused = null);
