using Kasparro.Grains.Cluster;
using Kasparro.Grains.Configuration;
using Kasparro.Grains.Interfaces.Queries;
using Kasparro.Grains.Interfaces.Sources;
using Kasparro.Grains.Normalization;
using Kasparro.Grains.Sources;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Configuration;

namespace Kasparro.Hosting;

/// <summary>
/// Checks the cluster from wherever it runs (a silo host or the gateway's client): the database with
/// a short timeout and, at the same time, the cluster (<see cref="ClusterCheck"/>: membership and every
/// active silo); then every source through its grain and the per-source run summary (so the cost does
/// not grow with the run history).
/// </summary>
public sealed class ClusterHealth(
    IOptions<StorageOptions> storage,
    SourceCatalog catalog,
    IOptions<ReadRetryOptions> retry,
    IOptions<ClusterMembershipOptions> membership,
    IOptionsMonitor<HealthOptions> health,
    IGrainFactory grainFactory,
    TimeProvider time,
    ILogger<ReadRetry> logger)
{
    private static readonly TimeSpan GrainQueryTimeout = TimeSpan.FromSeconds(5);

    private readonly ClusterCheck _cluster = new(retry.Value, membership.Value, health, grainFactory, time, logger);
    private readonly StorageOptions _storage = storage.Value;

    public async Task<HealthReport> CheckAsync(CancellationToken cancellationToken)
    {
        var problems = new List<string>();
        var database = _storage.Provider == StorageProvider.Postgres
            ? DatabaseProbe.CheckAsync(_storage.ConnectionString!, _storage.CommandTimeout, cancellationToken)
            : Task.FromResult<string?>(null);
        // Alongside the database probe: when the database stalls both wait on it (the host list is
        // read from the membership table), and /health must answer within one timeout, not two.
        var cluster = CheckClusterAsync(cancellationToken);

        bool? databaseReachable = null;
        var databaseProblem = await database;
        if (_storage.Provider == StorageProvider.Postgres)
        {
            databaseReachable = databaseProblem is null;
            if (databaseProblem is not null)
            {
                // Where the database lives is the operator's business (the log), not every caller's.
                problems.Add($"database unreachable: {PublicText.Redact(databaseProblem)}");
            }
        }

        var (activeSilos, clusterFailure, degraded) = await cluster;
        if (clusterFailure is not null)
        {
            // The membership lives in the database: without it the cluster cannot be read, which says nothing more.
            problems.Add(databaseProblem is null ? $"cluster unreachable: {PublicText.Redact(clusterFailure)}" : "cluster membership unreadable while the database is unreachable");
        }
        else if (activeSilos == 0)
        {
            problems.Add("no active silo");
        }

        var unhealthy = problems.Count > 0;
        problems.AddRange(degraded);
        var etl = new Dictionary<string, EtlStatus>(StringComparer.Ordinal);
        if (!unhealthy)
        {
            await ReadEtlStatusAsync(etl, problems, cancellationToken);
        }

        var status = unhealthy ? "unhealthy" : problems.Count > 0 ? "degraded" : "healthy";
        return new HealthReport(!unhealthy, status, _storage.Provider.ToString(), databaseReachable, activeSilos, problems)
        {
            EtlStatus = etl,
        };
    }

    private async Task<(int? ActiveSilos, string? Failure, IReadOnlyList<string> Degraded)> CheckClusterAsync(CancellationToken cancellationToken)
    {
        try
        {
            var (active, degraded) = await _cluster.CheckAsync(cancellationToken);
            return (active, null, degraded);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return (null, ExceptionText.FirstLine(ex), []);
        }
    }

    private async Task ReadEtlStatusAsync(Dictionary<string, EtlStatus> etl, List<string> problems, CancellationToken cancellationToken)
    {
        try
        {
            var summaries = (await grainFactory.GetGrain<IStatsGrain>(0).GetRunSummaries(cancellationToken).WaitAsync(GrainQueryTimeout, cancellationToken))
                .ToDictionary(s => s.Source, StringComparer.Ordinal);
            var sources = catalog.All.OrderBy(s => s.Id, StringComparer.Ordinal).ToArray();
            var statuses = await Task.WhenAll(sources.Select(s => grainFactory.GetGrain<ISourceGrain>(s.Id).GetStatus()))
                .WaitAsync(GrainQueryTimeout, cancellationToken);
            foreach (var status in statuses)
            {
                var entry = EtlStatus.From(status, summaries.GetValueOrDefault(status.Source));
                etl[status.Source] = entry;
                if (entry.Status == "failed")
                {
                    problems.Add($"source '{status.Source}': last run failed ({entry.Reason})");
                }
                else if (entry.Status == "degraded")
                {
                    problems.Add($"source '{status.Source}': degraded ({entry.Reason})");
                }
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            problems.Add($"etl status unavailable: {PublicText.Redact(ExceptionText.FirstLine(ex))}");
        }
    }
}

internal static class ClusterHealthRegistration
{
    public static IServiceCollection AddKasparroHealth(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<ReadRetryOptions>>().Value);
        services.AddSingleton<ReadRetry>();
        services.AddSingleton<ClusterHealth>();
        return services;
    }
}
