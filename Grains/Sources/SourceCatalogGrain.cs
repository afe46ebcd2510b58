using Kasparro.Grains.Control;
using Kasparro.Grains.Interfaces.Control;
using Kasparro.Grains.Interfaces.Sources;
using Orleans.Concurrency;

namespace Kasparro.Grains.Sources;

/// <summary>
/// The sources the registry holds, for the gateway, which holds no source configuration of its own.
/// Stateless: lists come from the registry, and a per-source call is checked against the silo's
/// <see cref="SourceDirectory"/> first, so no source grain is ever activated for an unknown id.
/// </summary>
[GrainType("source-catalog"), StatelessWorker]
public sealed class SourceCatalogGrain(SourceDirectory directory, SourceDefinitionParser parser) : Grain, ISourceCatalogGrain
{
    public async Task<IReadOnlyList<SourceEntry>> GetSources()
    {
        var documents = await Registry.GetAll();
        return [.. documents.Select(d => parser.Parse(d)).Select(d => new SourceEntry(d.Id, d.Kind, d.Enabled))];
    }

    public async Task<IReadOnlyList<SourceStatus>> GetStatuses()
    {
        var documents = await Registry.GetAll();
        return await Task.WhenAll(documents.Select(d => GrainFactory.GetGrain<ISourceGrain>(d.Id).GetStatus()));
    }

    public async Task<RunInfo> TriggerRun(string source)
    {
        ArgumentNullException.ThrowIfNull(source);
        var document = await directory.RequireAsync(source);
        return await GrainFactory.GetGrain<ISourceGrain>(document.Id).TriggerRun();
    }

    private ISourceRegistryGrain Registry => GrainFactory.GetGrain<ISourceRegistryGrain>(0);
}
