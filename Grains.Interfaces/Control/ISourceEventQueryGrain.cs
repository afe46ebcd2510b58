using Kasparro.Grains.Interfaces.Queries;
using Kasparro.Grains.Interfaces.Sources;

namespace Kasparro.Grains.Interfaces.Control;

/// <summary>Reads a source's audit trail for the gateway (<c>GET /sources/{id}/events</c>). Key 0.</summary>
[Alias("kasparro.ISourceEventQueryGrain")]
public interface ISourceEventQueryGrain : IGrainWithIntegerKey
{
    /// <summary>
    /// The events of <paramref name="source"/> newest first, only those of <paramref name="kind"/>
    /// when it is given. A source that has events is answered even when it no longer exists (a
    /// deleted source keeps its trail); one with no events that the cluster does not know throws
    /// <see cref="UnknownSourceException"/>.
    /// </summary>
    [Alias("GetEvents")]
    Task<Page<SourceEvent>> GetEvents(string source, string? kind, PageRequest page, CancellationToken cancellationToken = default);
}
