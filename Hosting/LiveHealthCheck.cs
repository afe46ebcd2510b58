using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Kasparro.Hosting;

/// <summary>Liveness: answering at all is the proof. Asks no dependency, so an outage of one never restarts every process at once.</summary>
internal sealed class LiveHealthCheck : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(HealthCheckResult.Healthy("the process serves requests"));
}
