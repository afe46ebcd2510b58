using Kasparro.Grains.Interfaces.Sources;

namespace Kasparro.Tests.Runs;

/// <summary>Hand-made runs with exact durations (in ticks, so boundaries are exact).</summary>
internal static class RunSamples
{
    public static readonly DateTime T0 = new(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    public static RunInfo Run(
        long records = 100, TimeSpan? duration = null, RunStatus status = RunStatus.Success, string source = "csv", DateTime? startedAt = null)
    {
        var start = startedAt ?? T0;
        return new RunInfo(
            Guid.NewGuid(), source, status, start, status == RunStatus.Running ? null : start + (duration ?? TimeSpan.FromSeconds(1)),
            records, records, 0, new Dictionary<string, long>(), status == RunStatus.Failed ? "network_error" : null,
            status == RunStatus.Failed ? "down" : null, SourceCheckpoint.Start, null, "manual");
    }

    public static RunInfo Seconds(double seconds, long records = 100) => Run(records, TimeSpan.FromSeconds(seconds));

    /// <summary>Successful runs, newest first, one minute apart, with these record counts and durations (1 s when not given).</summary>
    public static RunInfo[] History(long[] records, double[]? seconds = null) =>
        records.Select((r, i) => Run(r, TimeSpan.FromSeconds(seconds?[i] ?? 1), startedAt: T0.AddMinutes(-i - 1))).ToArray();
}
