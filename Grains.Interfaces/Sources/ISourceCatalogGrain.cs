namespace Kasparro.Grains.Interfaces.Sources;

/// <summary>
/// The sources the cluster defines (the source registry's catalog), for the gateway: it holds no
/// source configuration of its own. A stateless worker (call it with key 0). Per-source calls come
/// through it so an unknown id is refused with <see cref="UnknownSourceException"/> before any
/// source grain is activated for it.
/// </summary>
[Alias("kasparro.ISourceCatalogGrain")]
public interface ISourceCatalogGrain : IGrainWithIntegerKey
{
    /// <summary>Every configured source, by id (ordinal order).</summary>
    [Alias("GetSources")]
    Task<IReadOnlyList<SourceEntry>> GetSources();

    /// <summary>The status of every configured source, by id (ordinal order).</summary>
    [Alias("GetStatuses")]
    Task<IReadOnlyList<SourceStatus>> GetStatuses();

    /// <summary>
    /// <see cref="ISourceGrain.TriggerRun"/> of <paramref name="source"/>: <see cref="UnknownSourceException"/>
    /// for an id the registry does not hold, <see cref="SourceDisabledException"/> for a disabled source.
    /// </summary>
    [Alias("TriggerRun")]
    Task<RunInfo> TriggerRun(string source);
}
