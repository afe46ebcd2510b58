using Kasparro.Grains.Drift;
using Kasparro.Grains.Interfaces.Drift;

namespace Kasparro.Grains.Alerts;

/// <summary>
/// One distinct drift a run saw (<see cref="Fingerprint"/>), as its first report showed it, the
/// source's policy, what the run did (<see cref="DriftOutcomes"/>), the renames it applied or the
/// reason it froze, and how many batch reports showed it.
/// </summary>
public sealed record ObservedDrift(
    DriftReport Report,
    string Fingerprint,
    DriftPolicy Policy,
    string Decision,
    IReadOnlyDictionary<string, string> AppliedRenames,
    string? Reason,
    int Reports);
