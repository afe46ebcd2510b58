using Kasparro.Grains.Cluster;
using Kasparro.Grains.Configuration;
using Kasparro.Grains.Interfaces.Queries;
using Kasparro.Grains.Interfaces.Sources;
using Kasparro.Grains.Normalization;
using Kasparro.Grains.Queries;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Configuration;

namespace Kasparro.Hosting;

/// <summary>
/// Checks the cluster from wherever it runs (a silo host or the gateway's client): the database with
/// a short timeout (<see cref="CheckDatabaseAsync"/>, the <c>database</c> health check) and the
/// cluster (<see cref="CheckClusterAsync"/>, the <c>cluster</c> health check: membership and every
/// active silo), which ASP.NET Core's health check service runs side by side; then
/// <see cref="ReportAsync"/> reads every source through its grain and the per-source run summary (so
/// the cost does not grow with the run history) into the report <c>/health</c> answers.
/// </summary>
public sealed class ClusterHealth(
    IOptions<StorageOptions> storage,
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

    // Callers that ask while a check runs wait for that check rather than starting another: under load
    // a probe serves every request that arrived during it, and no answer outlives its check.
    private readonly SingleFlight<bool, string?> _database = new();
    private readonly SingleFlight<bool, ClusterState> _clusterState = new();
    private readonly SingleFlight<bool, HealthReport> _reports = new();

    /// <summary>Whether there is a database to check (the Postgres provider).</summary>
    public bool HasDatabase => _storage.Provider == StorageProvider.Postgres;

    /// <summary>Null when the database answers (or there is none); otherwise why not.</summary>
    public Task<string?> CheckDatabaseAsync(CancellationToken cancellationToken) =>
        HasDatabase
            ? _database.RunAsync(true, ct => DatabaseProbe.CheckAsync(_storage.ConnectionString!, _storage.CommandTimeout, ct), cancellationToken)
            : Task.FromResult<string?>(null);

    /// <summary>Active silos and what degrades the cluster, or why it cannot be read.</summary>
    public Task<ClusterState> CheckClusterAsync(CancellationToken cancellationToken) =>
        _clusterState.RunAsync(true, ReadClusterAsync, cancellationToken);

    /// <summary>
    /// The report <paramref name="compose"/> makes, shared by the callers that ask while one is being
    /// made (see <see cref="SingleFlight{TKey, T}"/>): each gets the report of a check that began at most
    /// one check's duration before it asked.
    /// </summary>
    public Task<HealthReport> SharedReportAsync(Func<CancellationToken, Task<HealthReport>> compose, CancellationToken cancellationToken) =>
        _reports.RunAsync(true, compose, cancellationToken);

    private async Task<ClusterState> ReadClusterAsync(CancellationToken cancellationToken)
    {
        try
        {
            var (active, degraded) = await _cluster.CheckAsync(cancellationToken);
            return new ClusterState(active, null, degraded);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return new ClusterState(null, ExceptionText.FirstLine(ex), []);
        }
    }

    /// <summary>The report of <c>/health</c> from the two checks' findings, with every source's ETL status when they found no outage.</summary>
    public async Task<HealthReport> ReportAsync(string? databaseProblem, ClusterState cluster, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        var problems = new List<string>();
        bool? databaseReachable = null;
        if (HasDatabase)
        {
            databaseReachable = databaseProblem is null;
            if (databaseProblem is not null)
            {
                // Where the database lives is the operator's business (the log), not every caller's.
                problems.Add($"database unreachable: {PublicText.Redact(databaseProblem)}");
            }
        }

        if (cluster.Failure is not null)
        {
            // The membership lives in the database: without it the cluster cannot be read, which says nothing more.
            problems.Add(databaseProblem is null ? $"cluster unreachable: {PublicText.Redact(cluster.Failure)}" : "cluster membership unreadable while the database is unreachable");
        }
        else if (cluster.ActiveSilos == 0)
        {
            problems.Add("no active silo");
        }

        var unhealthy = problems.Count > 0;
        problems.AddRange(cluster.Degraded);
        var etl = new Dictionary<string, EtlStatus>(StringComparer.Ordinal);
        if (!unhealthy)
        {
            await ReadEtlStatusAsync(etl, problems, cancellationToken);
        }

        var status = unhealthy ? "unhealthy" : problems.Count > 0 ? "degraded" : "healthy";
        return new HealthReport(!unhealthy, status, _storage.Provider.ToString(), databaseReachable, cluster.ActiveSilos, problems)
        {
            EtlStatus = etl,
        };
    }

    private async Task ReadEtlStatusAsync(Dictionary<string, EtlStatus> etl, List<string> problems, CancellationToken cancellationToken)
    {
        try
        {
            var summaries = (await grainFactory.GetGrain<IStatsGrain>(0).GetRunSummaries(cancellationToken).WaitAsync(GrainQueryTimeout, cancellationToken))
                .ToDictionary(s => s.Source, StringComparer.Ordinal);
            // The silos' sources, not this process's configuration (a client-mode gateway configures none).
            var statuses = await grainFactory.GetGrain<ISourceCatalogGrain>(0).GetStatuses().WaitAsync(GrainQueryTimeout, cancellationToken);
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
        // A standalone gateway configures a silo and may configure a client: the checks are registered once (names must be unique).
        if (services.Any(d => d.ServiceType == typeof(ClusterHealth)))
        {
            return services;
        }

        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<ReadRetryOptions>>().Value);
        services.AddSingleton<ReadRetry>();
        services.AddSingleton<ClusterHealth>();
        services.AddHealthChecks()
            .AddCheck<LiveHealthCheck>(KasparroHealthChecks.Process, tags: [KasparroHealthChecks.Live])
            .AddCheck<DatabaseHealthCheck>(KasparroHealthChecks.Database, tags: [KasparroHealthChecks.Ready])
            .AddCheck<ClusterHealthCheck>(KasparroHealthChecks.Cluster, tags: [KasparroHealthChecks.Ready]);
        // What a check found is in the answer; the health check service's own log line per probe
        // would only repeat it every few seconds during an outage.
        services.AddLogging(b => b.AddFilter("Microsoft.Extensions.Diagnostics.HealthChecks.DefaultHealthCheckService", LogLevel.Critical));
        return services;
    }
}
