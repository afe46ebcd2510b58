using Kasparro.Grains.Alerts;
using Kasparro.Grains.Interfaces.Alerts;
using Kasparro.Grains.Interfaces.Queries;
using Orleans.Concurrency;

namespace Kasparro.Grains.Queries;

/// <summary>
/// Alerts and their deliveries, read from the alert store for <c>GET /alerts</c>. Not cached: an
/// operator watching a delivery retry wants its latest attempt. Database failures leave the silo
/// translated (DatabaseFailureFilter). Stateless and reentrant (see <see cref="QueryGrains"/>).
/// </summary>
[GrainType("alert-query"), StatelessWorker(QueryGrains.ActivationsPerSilo), Reentrant]
public sealed class AlertQueryGrain(IAlertStore store) : Grain, IAlertQueryGrain
{
    public Task<Page<AlertRecord>> GetAlerts(AlertQuery query, PageRequest page, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(page);
        return store.PageAsync(query, page, cancellationToken);
    }

    public Task<AlertRecord?> GetAlert(string eventId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(eventId);
        return store.GetAsync(eventId, cancellationToken);
    }

    public Task<AlertCounts> GetCounts(CancellationToken cancellationToken = default) => store.CountsAsync(cancellationToken);
}
