using System.Text.Json.Serialization;
using Kasparro.Grains.Interfaces.Queries;
using Kasparro.Grains.Interfaces.Sources;
using Kasparro.Grains.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Kasparro.Grains.Hosting;

/// <summary>
/// What /health reports. <see cref="Status"/> is <c>healthy</c>, <c>degraded</c> (serving, but a
/// source's last run failed or was unhealthy, e.g. rejected most of its records, or the ETL status could not be read;
/// answered with 200 like healthy) or <c>unhealthy</c> (the database
/// or the cluster cannot be reached; answered with 503). <see cref="Problems"/> says why.
/// </summary>
public sealed record HealthReport(
    bool Healthy,
    string Status,
    string StorageProvider,
    bool? DatabaseReachable,
    int? ActiveSilos,
    IReadOnlyList<string> Problems)
{
    /// <summary>The same as <see cref="DatabaseReachable"/>: null when the provider has no database.</summary>
    public bool? DatabaseConnected => DatabaseReachable;

    /// <summary>Every configured source by id.</summary>
    [JsonConverter(typeof(VerbatimKeysConverter<EtlStatus>))]
    public IReadOnlyDictionary<string, EtlStatus> EtlStatus { get; init; } = new Dictionary<string, EtlStatus>();

    public string? RequestId { get; init; }

    public DateTime? Timestamp { get; init; }
}

/// <summary>
/// Checks the cluster from wherever it runs (a silo host or the gateway's client): the database
/// with a short timeout, the active silos through the management grain, and every source through
/// its grain and the per-source run summary (so the cost does not grow with the run history).
/// </summary>
public sealed class ClusterHealth(KasparroSettings settings, IGrainFactory grainFactory)
{
    private static readonly TimeSpan GrainQueryTimeout = TimeSpan.FromSeconds(5);

    public async Task<HealthReport> CheckAsync(CancellationToken cancellationToken)
    {
        var problems = new List<string>();

        // The probe runs alongside the cluster query: when the database stalls both wait on it (the
        // host list is read from the membership table), and /health must answer within one timeout, not two.
        var databaseProbe = settings.Storage == StorageProvider.Postgres
            ? DatabaseProbe.CheckAsync(settings.ConnectionString!, settings.CommandTimeout, cancellationToken)
            : null;

        int? activeSilos = null;
        try
        {
            var hosts = await grainFactory.GetGrain<IManagementGrain>(0)
                .GetHosts(true, cancellationToken)
                .WaitAsync(GrainQueryTimeout, cancellationToken);
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

        bool? databaseReachable = null;
        if (databaseProbe is not null)
        {
            var problem = await databaseProbe;
            databaseReachable = problem is null;
            if (problem is not null)
            {
                problems.Insert(0, $"database unreachable ({DatabaseProbe.Describe(settings.ConnectionString!)}): {problem}");
            }
        }

        var unhealthy = problems.Count > 0;
        var etl = new Dictionary<string, EtlStatus>(StringComparer.Ordinal);
        if (!unhealthy)
        {
            await ReadEtlStatusAsync(etl, problems, cancellationToken);
        }

        var status = unhealthy ? "unhealthy" : problems.Count > 0 ? "degraded" : "healthy";
        return new HealthReport(!unhealthy, status, settings.Storage.ToString(), databaseReachable, activeSilos, problems)
        {
            EtlStatus = etl,
        };
    }

    private async Task ReadEtlStatusAsync(Dictionary<string, EtlStatus> etl, List<string> problems, CancellationToken cancellationToken)
    {
        try
        {
            var summaries = (await grainFactory.GetGrain<IStatsGrain>(0).GetRunSummaries().WaitAsync(GrainQueryTimeout, cancellationToken))
                .ToDictionary(s => s.Source, StringComparer.Ordinal);
            var sources = settings.Sources.All.OrderBy(s => s.Id, StringComparer.Ordinal).ToArray();
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
            problems.Add($"etl status unavailable: {ex.Message}");
        }
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
