using Kasparro.Grains.Interfaces.Drift;

namespace Kasparro.Grains.Storage;

/// <summary>The drift log: every drift report, with or without drift. Recording a report twice stores it once.</summary>
public interface IDriftStore
{
    Task RecordAsync(DriftReport report, CancellationToken cancellationToken);

    /// <summary>Reports newest first (by detection time), filtered and paged as the query says.</summary>
    Task<DriftLogPage> QueryAsync(DriftLogQuery query, CancellationToken cancellationToken);

    /// <summary>Deletes every report of <paramref name="source"/>; returns how many.</summary>
    Task<long> PurgeSourceAsync(string source, CancellationToken cancellationToken);
}
