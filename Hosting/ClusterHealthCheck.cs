using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Kasparro.Hosting;

/// <summary>
/// The cluster from this host: unhealthy when the membership cannot be read or no silo is active,
/// degraded when a silo is suspected, recently dead, leaving or silent (see <see cref="ClusterCheck"/>).
/// </summary>
internal sealed class ClusterHealthCheck(ClusterHealth health) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var state = await health.CheckClusterAsync(cancellationToken);
        var finding = new Dictionary<string, object> { [KasparroHealthChecks.FindingKey] = state };
        if (state.Failure is not null || state.ActiveSilos == 0)
        {
            return HealthCheckResult.Unhealthy(state.Failure ?? "no active silo", data: finding);
        }

        return state.Degraded.Count > 0
            ? HealthCheckResult.Degraded(string.Join("; ", state.Degraded), data: finding)
            : HealthCheckResult.Healthy($"{state.ActiveSilos} active silo(s)", finding);
    }
}
