using Kasparro.Grains.Interfaces.Control;
using Kasparro.Grains.Interfaces.Runs;
using Kasparro.Grains.Interfaces.Sources;

namespace Kasparro.Grains.Control;

/// <content>
/// Operational commands. They change how a source runs, not what it is, so they apply to sources
/// configuration manages too; each is carried out by the source grain and then recorded.
/// </content>
public sealed partial class SourceRegistryGrain
{
    public async Task<SourceStatus> Pause(string id, string? reason, string by)
    {
        var live = RequireLive(id);
        var status = await SourceGrain(id).Pause(reason, by);
        await RecordAsync(Event(live, SourceEventKinds.Paused, by, Unchanged,
            status.Paused?.Reason is { } why ? $"paused: {why}" : "paused"));
        return status;
    }

    public async Task<SourceStatus> Unpause(string id, string by)
    {
        var live = RequireLive(id);
        var status = await SourceGrain(id).Unpause(by);
        await RecordAsync(Event(live, SourceEventKinds.Resumed, by, Unchanged, "resumed: scheduled again"));
        return status;
    }

    public async Task<SourceStatus> Reset(string id, string by)
    {
        var live = RequireLive(id);
        var status = await SourceGrain(id).Reset();
        await RecordAsync(Event(live, SourceEventKinds.Reset, by, Unchanged, "checkpoint reset: the next run re-reads everything"));
        return status;
    }

    public async Task<SourceStatus> Replay(string id, Guid fromRun, string by)
    {
        var live = RequireLive(id);
        var status = await SourceGrain(id).Replay(fromRun);
        await RecordAsync(Event(live, SourceEventKinds.Replayed, by, Unchanged,
            $"checkpoint moved back to where run {fromRun} started: the runs since are re-read"));
        return status;
    }

    public async Task<FailureInjectionSettings> SetFailureInjection(string id, FailureInjectionSettings injection, string by)
    {
        var live = RequireLive(id);
        var applied = await SourceGrain(id).SetFailureInjection(injection);
        await RecordAsync(Event(live, SourceEventKinds.FailureInjectionSet, by, Unchanged, $"failure injection set: {applied}"));
        return applied;
    }

    public async Task<RunInfo> CancelRun(Guid runId, string by)
    {
        var source = await FindRunSourceAsync(runId) ?? throw new RunNotFoundException(runId);
        var live = RequireLive(source);
        var run = await SourceGrain(source).CancelRun(runId);
        await RecordAsync(Event(live, SourceEventKinds.RunCancelled, by, Unchanged, $"run {runId} cancelled"));
        return run;
    }

    /// <summary>
    /// Which source ran <paramref name="runId"/>: the run log knows every run it took; a run the
    /// database has not taken yet (it was down when the run started) is asked of the live sources.
    /// </summary>
    private async Task<string?> FindRunSourceAsync(Guid runId)
    {
        try
        {
            if (await runs.GetRunAsync(runId, CancellationToken.None) is { } logged)
            {
                return logged.Source;
            }
        }
        catch (Exception ex) when (Storage.DatabaseFailures.Translate(ex) is not null)
        {
            // The database is down: the sources themselves still know their runs.
        }

        foreach (var source in Live.Select(d => d.Id).ToArray())
        {
            if (await SourceGrain(source).GetRun(runId) is not null)
            {
                return source;
            }
        }

        return null;
    }
}
