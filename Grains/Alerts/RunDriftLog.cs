using Kasparro.Grains.Drift;
using Kasparro.Grains.Interfaces.Drift;

namespace Kasparro.Grains.Alerts;

/// <summary>
/// The drift one run saw, collected where the policy decides on each batch's report (the run
/// pipeline), one entry per distinct drift (<see cref="DriftFingerprint"/>): several batches showing
/// the same drift are one entry with their count. Reports without drift are not kept. Lives as long as
/// the run; single-threaded like the run.
/// </summary>
public sealed class RunDriftLog
{
    private readonly List<ObservedDrift> _seen = [];

    public IReadOnlyList<ObservedDrift> Seen => _seen;

    /// <param name="report">The batch's drift report.</param>
    /// <param name="policy">The source's drift policy.</param>
    /// <param name="decision">What the policy decided on it.</param>
    /// <param name="renamesApply">Whether the source applies renames (not feeds).</param>
    public void Add(DriftReport report, DriftPolicy policy, DriftDecision decision, bool renamesApply)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(decision);
        if (!report.DriftDetected)
        {
            return;
        }

        var outcome = DriftOutcomes.Of(decision, renamesApply);
        var renames = outcome == DriftOutcomes.Evolved && decision is DriftDecision.ApplyRenames apply
            ? apply.Renames
            : new Dictionary<string, string>();
        var reason = decision is DriftDecision.FailRun fail ? fail.Reason : null;
        var fingerprint = DriftFingerprint.Of(report);
        var index = _seen.FindIndex(d => d.Fingerprint == fingerprint);
        if (index < 0)
        {
            _seen.Add(new ObservedDrift(report, fingerprint, policy, outcome, renames, reason, 1));
            return;
        }

        var known = _seen[index];
        _seen[index] = DriftOutcomes.Weight(outcome) > DriftOutcomes.Weight(known.Decision)
            ? known with { Decision = outcome, AppliedRenames = renames, Reason = reason, Reports = known.Reports + 1 }
            : known with { Reports = known.Reports + 1 };
    }
}
