using Kasparro.Grains.Interfaces.Sources;

namespace Kasparro.Grains.Runs;

/// <summary>
/// The rules of a source's run-log outbox (run records the run log could not take yet): one entry
/// per run, the newest record of it, and a final record is never replaced by a running one (a late
/// retry of a start record must not reopen a finished run).
/// </summary>
public static class RunLogOutbox
{
    /// <summary>The outbox with <paramref name="run"/> queued in place of any older record of the same run.</summary>
    public static List<RunInfo> Add(List<RunInfo>? outbox, RunInfo run)
    {
        ArgumentNullException.ThrowIfNull(run);
        var entries = outbox ?? [];
        var index = entries.FindIndex(r => r.RunId == run.RunId);
        if (index < 0)
        {
            entries.Add(run);
        }
        else if (!(entries[index].Status != RunStatus.Running && run.Status == RunStatus.Running))
        {
            entries[index] = run;
        }

        return entries;
    }

    /// <summary>
    /// The outbox once <paramref name="written"/> is in the run log: the entry it settles (the same
    /// record, or a running record of that run) leaves; a newer record queued meanwhile stays. Null when empty.
    /// </summary>
    public static List<RunInfo>? Settled(List<RunInfo>? outbox, RunInfo written)
    {
        ArgumentNullException.ThrowIfNull(written);
        outbox?.RemoveAll(r => r.RunId == written.RunId && (ReferenceEquals(r, written) || r == written || r.Status == RunStatus.Running));
        return outbox is { Count: > 0 } ? outbox : null;
    }

    /// <summary>Whether the outbox holds a record of the run.</summary>
    public static bool Holds(List<RunInfo>? outbox, Guid runId) => outbox?.Exists(r => r.RunId == runId) == true;
}
