using Kasparro.Grains.Interfaces.Sources;
using Orleans.Concurrency;

namespace Kasparro.Grains.Sources;

/// <summary>
/// The silo's configured sources, for the gateway, which holds no source configuration of its own.
/// Stateless: every silo answers from its own configuration. An unknown id is refused here, so no
/// source grain is ever activated for it.
/// </summary>
[GrainType("source-catalog"), StatelessWorker]
public sealed class SourceCatalogGrain(SourceCatalog catalog) : Grain, ISourceCatalogGrain
{
    public Task<IReadOnlyList<SourceEntry>> GetSources() =>
        Task.FromResult<IReadOnlyList<SourceEntry>>([.. catalog.All.OrderBy(d => d.Id, StringComparer.Ordinal).Select(d => new SourceEntry(d.Id, d.Kind, d.Enabled))]);

    public async Task<IReadOnlyList<SourceStatus>> GetStatuses() =>
        await Task.WhenAll(catalog.ConfiguredIds.Select(id => GrainFactory.GetGrain<ISourceGrain>(id).GetStatus()));

    public Task<RunInfo> TriggerRun(string source) => SourceGrain(source).TriggerRun();

    public Task<FailureInjectionSettings> SetFailureInjection(string source, FailureInjectionSettings injection) =>
        SourceGrain(source).SetFailureInjection(injection);

    private ISourceGrain SourceGrain(string source)
    {
        ArgumentNullException.ThrowIfNull(source);
        return GrainFactory.GetGrain<ISourceGrain>(catalog.Require(source).Id);
    }
}
