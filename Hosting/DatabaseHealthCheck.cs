using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Kasparro.Hosting;

/// <summary>The database answers a short query within the command timeout (always healthy without one, under InMemory).</summary>
internal sealed class DatabaseHealthCheck(ClusterHealth health) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var problem = await health.CheckDatabaseAsync(cancellationToken);
        var finding = new Dictionary<string, object> { [KasparroHealthChecks.FindingKey] = new DatabaseFinding(problem) };
        return problem is null
            ? HealthCheckResult.Healthy(health.HasDatabase ? "the database answers" : "no database (InMemory)", finding)
            : HealthCheckResult.Unhealthy(problem, data: finding);
    }
}

/// <summary>What the database check found: null when it answered (or there is none).</summary>
internal sealed record DatabaseFinding(string? Problem);
