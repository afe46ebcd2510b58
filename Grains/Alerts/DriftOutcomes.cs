using Kasparro.Grains.Drift;

namespace Kasparro.Grains.Alerts;

/// <summary>
/// What a run did about drift, as <c>drift.detected</c> reports it (the payload's <c>decision</c>):
/// <list type="bullet">
/// <item><see cref="Evolved"/>: renames were applied (the <c>evolve</c> policy found confident ones).</item>
/// <item><see cref="Warned"/>: the batch was ingested as configured and the drift recorded (<c>warn</c>,
/// <c>freeze</c> on non-breaking drift, <c>evolve</c> with nothing confident to rename).</item>
/// <item><see cref="Frozen"/>: the run failed before the drifted batch was written (<c>freeze</c>).</item>
/// </list>
/// </summary>
public static class DriftOutcomes
{
    public const string Evolved = "evolved";
    public const string Warned = "warned";
    public const string Frozen = "frozen";

    /// <param name="decision">The policy's decision on the report.</param>
    /// <param name="renamesApply">Whether the source applies renames at all (feeds do not: their items are not mapped).</param>
    public static string Of(DriftDecision decision, bool renamesApply) => decision switch
    {
        DriftDecision.FailRun => Frozen,
        DriftDecision.ApplyRenames when renamesApply => Evolved,
        _ => Warned,
    };

    /// <summary>Higher is more consequential: a run that froze on a drift it had also warned about reports the freeze.</summary>
    internal static int Weight(string outcome) => outcome switch
    {
        Frozen => 2,
        Evolved => 1,
        _ => 0,
    };
}
