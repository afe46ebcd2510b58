using Kasparro.Grains.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Kasparro.Grains.Hosting;

/// <summary>What /health reports: storage, database reachability and how many silos are active.</summary>
public sealed record HealthReport(
    bool Healthy,
    string Status,
    string StorageProvider,
    bool? DatabaseReachable,
    int? ActiveSilos,
    IReadOnlyList<string> Problems);

/// <summary>
/// Checks the cluster from wherever it runs (a silo host or the gateway's client): the database
/// with a short timeout, and the active silos through the management grain.
/// </summary>
public sealed class ClusterHealth(KasparroSettings settings, IGrainFactory grainFactory)
{
    private static readonly TimeSpan SiloQueryTimeout = TimeSpan.FromSeconds(5);

    public async Task<HealthReport> CheckAsync(CancellationToken cancellationToken)
    {
        var problems = new List<string>();

        bool? databaseReachable = null;
        if (settings.Storage == StorageProvider.Postgres)
        {
            var problem = await DatabaseProbe.CheckAsync(settings.ConnectionString!, settings.DatabaseTimeout, cancellationToken);
            databaseReachable = problem is null;
            if (problem is not null)
            {
                problems.Add($"database unreachable ({DatabaseProbe.Describe(settings.ConnectionString!)}): {problem}");
            }
        }

        int? activeSilos = null;
        try
        {
            var hosts = await grainFactory.GetGrain<IManagementGrain>(0)
                .GetHosts(true, cancellationToken)
                .WaitAsync(SiloQueryTimeout, cancellationToken);
            activeSilos = hosts.Count;
            if (activeSilos == 0)
            {
                problems.Add("no active silo");
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            problems.Add($"cluster unreachable: {ex.Message}");
        }

        var healthy = problems.Count == 0;
        return new HealthReport(
            healthy, healthy ? "healthy" : "unhealthy", settings.Storage.ToString(), databaseReachable, activeSilos, problems);
    }
}

internal static class ClusterHealthRegistration
{
    public static IServiceCollection AddKasparroHealth(this IServiceCollection services)
    {
        services.AddSingleton<ClusterHealth>();
        return services;
    }
}
