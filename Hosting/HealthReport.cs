using System.Text.Json.Serialization;
using Kasparro.Grains.Interfaces.Json;

namespace Kasparro.Hosting;

/// <summary>
/// What /health reports. <see cref="Status"/> is <c>healthy</c>, <c>degraded</c> (serving, but something
/// is wrong that the service works around: a silo suspected, declared dead within
/// <c>Kasparro:Health:DegradedAfterSiloDeath</c>, leaving, or not answering this host; a source's last run
/// failed or was unhealthy, e.g. rejected most of its records; the ETL status could not be read; answered
/// with 200 like healthy) or <c>unhealthy</c> (the database or the cluster cannot be reached, or no silo
/// is active; answered with 503). <see cref="Problems"/> says why.
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
