using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Kasparro.Hosting;

/// <summary>
/// Renders what ASP.NET Core's health checks found as the answers <c>/health</c> has always given:
/// the database and cluster checks' findings, composed by <see cref="ClusterHealth.ReportAsync"/>
/// with every source's ETL status into one <see cref="HealthReport"/>.
/// </summary>
internal static class HealthResponses
{
    public static Func<HealthCheckRegistration, bool> Ready { get; } = r => r.Tags.Contains(KasparroHealthChecks.Ready);

    public static Func<HealthCheckRegistration, bool> Live { get; } = r => r.Tags.Contains(KasparroHealthChecks.Live);

    /// <summary>
    /// Runs the ready checks (side by side) and composes today's report from them; requests that
    /// arrive while a report is being made wait for it (<see cref="ClusterHealth.SharedReportAsync"/>).
    /// </summary>
    public static Task<HealthReport> CheckAsync(HealthCheckService checks, ClusterHealth health, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(health);
        return health.SharedReportAsync(ct => ComposeAsync(checks, health, ct), cancellationToken);
    }

    private static async Task<HealthReport> ComposeAsync(HealthCheckService checks, ClusterHealth health, CancellationToken cancellationToken)
    {
        var found = await checks.CheckHealthAsync(Ready, cancellationToken);
        var database = Finding<DatabaseFinding>(found, KasparroHealthChecks.Database) is { } d ? d.Problem : Failure(found, KasparroHealthChecks.Database);
        var cluster = Finding<ClusterState>(found, KasparroHealthChecks.Cluster)
            ?? new ClusterState(null, Failure(found, KasparroHealthChecks.Cluster) ?? "the cluster check did not run", []);
        return await health.ReportAsync(database, cluster, cancellationToken);
    }

    private static T? Finding<T>(Microsoft.Extensions.Diagnostics.HealthChecks.HealthReport found, string name)
        where T : class =>
        found.Entries.TryGetValue(name, out var entry) && entry.Data.TryGetValue(KasparroHealthChecks.FindingKey, out var finding) ? finding as T : null;

    /// <summary>A check that threw left no finding: the health check service reported it unhealthy with the exception, which says why.</summary>
    private static string? Failure(Microsoft.Extensions.Diagnostics.HealthChecks.HealthReport found, string name) =>
        found.Entries.TryGetValue(name, out var entry) && entry.Status == HealthStatus.Unhealthy
            ? entry.Exception is { } exception ? ExceptionText.FirstLine(exception) : entry.Description ?? "failed"
            : null;
}
