using Kasparro.Grains.Interfaces.Queries;

namespace Kasparro.Grains.Interfaces.Alerts;

/// <summary>Reads alerts and their deliveries for the gateway (stateless worker, key 0).</summary>
[Alias("kasparro.IAlertQueryGrain")]
public interface IAlertQueryGrain : IGrainWithIntegerKey
{
    /// <summary>Alerts newest first (raised time, then id), each with its deliveries (attempt logs left empty).</summary>
    [Alias("GetAlerts")]
    Task<Page<AlertRecord>> GetAlerts(AlertQuery query, PageRequest page, CancellationToken cancellationToken = default);

    /// <summary>One alert with every delivery and each delivery's attempts; null when there is none.</summary>
    [Alias("GetAlert")]
    Task<AlertRecord?> GetAlert(string eventId, CancellationToken cancellationToken = default);

    /// <summary>Deliveries by state, over every alert.</summary>
    [Alias("GetCounts")]
    Task<AlertCounts> GetCounts(CancellationToken cancellationToken = default);
}
