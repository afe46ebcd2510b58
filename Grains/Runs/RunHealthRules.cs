using System.Globalization;
using Kasparro.Grains.Interfaces.Runs;
using Kasparro.Grains.Interfaces.Sources;

namespace Kasparro.Grains.Runs;

/// <summary>
/// Run health, judged on the run alone: a run that read records but wrote none, or rejected more
/// than its source's share of them (exclusive: exactly the limit is healthy), carries a
/// <see cref="AnomalyRules.HighRejectionRate"/> anomaly. Compared as whole records
/// (rejected &gt; limit × read), so no rounding of a percentage moves the boundary.
/// </summary>
public static class RunHealthRules
{
    public const double DefaultMaxRejectionRate = 0.5;

    public static RunAnomaly? HighRejectionRate(RunInfo run, double maxRejectionRate)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentOutOfRangeException.ThrowIfNegative(maxRejectionRate);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxRejectionRate, 1);
        if (run.CompletedAt is null || run.RecordsRead <= 0)
        {
            return null;
        }

        var wroteNone = run.RecordsWritten == 0;
        var overLimit = (decimal)run.RecordsRejected > (decimal)maxRejectionRate * run.RecordsRead;
        if (!wroteNone && !overLimit)
        {
            return null;
        }

        var rate = (double)run.RecordsRejected / run.RecordsRead;
        var message = wroteNone && !overLimit
            ? string.Create(CultureInfo.InvariantCulture, $"The run read {run.RecordsRead} records and wrote none ({run.RecordsRejected} rejected).")
            : string.Create(CultureInfo.InvariantCulture,
                $"The run rejected {run.RecordsRejected} of {run.RecordsRead} records ({rate * 100:0.#}%), more than the limit of {maxRejectionRate * 100:0.#}%{(wroteNone ? " and wrote none" : "")}.");
        return new RunAnomaly(AnomalyRules.HighRejectionRate, message, new Dictionary<string, double>
        {
            ["records_read"] = run.RecordsRead,
            ["records_written"] = run.RecordsWritten,
            ["records_rejected"] = run.RecordsRejected,
            ["rejection_rate"] = rate,
            ["max_rejection_rate"] = maxRejectionRate,
        });
    }
}
