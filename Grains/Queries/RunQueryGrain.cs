using Kasparro.Grains.Cluster;
using Kasparro.Grains.Interfaces.Queries;
using Kasparro.Grains.Interfaces.Sources;
using Kasparro.Grains.Storage;
using Microsoft.Extensions.Options;
using Orleans.Concurrency;

namespace Kasparro.Grains.Queries;

/// <summary>
/// The run log, with live figures for runs still going: the log holds a run as it started until it
/// ends, while its source grain counts every committed batch. Stateless: served locally. When the
/// source grain cannot be asked (its silo died a moment ago), a running run is answered from the log.
/// Stateless and reentrant (see <see cref="QueryGrains"/>).
/// </summary>
[GrainType("run-query"), StatelessWorker(QueryGrains.ActivationsPerSilo), Reentrant]
public sealed class RunQueryGrain(IQueryStore store, IIngestionStore runs, Control.SourceDirectory sources, IOptions<ReadRetryOptions> retry) : Grain, IRunQueryGrain
{
    public async Task<Page<RunInfo>> GetRuns(RunFilter filter, PageRequest page, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        await sources.RequireFilterAsync(filter.Source);
        var found = await store.QueryRunsAsync(filter, page, cancellationToken);
        if (!found.Items.Any(r => r.Status == RunStatus.Running))
        {
            return found;
        }

        var live = await Task.WhenAll(found.Items.Select(LiveAsync));
        return found with { Items = live };
    }

    public async Task<RunInfo?> GetRun(Guid runId, CancellationToken cancellationToken = default) =>
        await runs.GetRunAsync(runId, cancellationToken) is { } logged ? await LiveAsync(logged) : null;

    private async Task<RunInfo> LiveAsync(RunInfo logged)
    {
        // Only live sources have a grain worth asking; never activate one for an old id.
        if (logged.Status != RunStatus.Running || !(await sources.AllAsync()).Any(d => d.Id == logged.Source))
        {
            return logged;
        }

        try
        {
            return await GrainFactory.GetGrain<ISourceGrain>(logged.Source).GetRun(logged.RunId)
                .WaitAsync(retry.Value.AttemptTimeout) ?? logged;
        }
        catch (Exception ex) when (SiloLoss.Is(ex))
        {
            // The source's silo is gone (or not answering) and its grain not yet placed again: the run
            // log's own entry is still a true answer, only without the figures since it started.
            return logged;
        }
    }
}
