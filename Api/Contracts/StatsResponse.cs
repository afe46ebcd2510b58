using System.Text.Json.Serialization;
using Kasparro.Grains.Interfaces.Json;
using Kasparro.Grains.Interfaces.Queries;

namespace Kasparro.Api.Contracts;

/// <summary>A source's runs in aggregate (cancelled runs counted apart); records and durations count finished runs.</summary>
public sealed record SummaryView(
    long TotalRuns,
    long SuccessfulRuns,
    long FailedRuns,
    long CancelledRuns,
    long RunningRuns,
    long TotalRecordsProcessed,
    long TotalRecordsRejected,
    DateTime? LastSuccessfulRun,
    DateTime? LastFailedRun,
    double? AverageDurationSeconds)
{
    public static SummaryView From(RunSummary s)
    {
        ArgumentNullException.ThrowIfNull(s);
        return new SummaryView(
            s.TotalRuns, s.SuccessfulRuns, s.FailedRuns, s.CancelledRuns, s.RunningRuns, s.RecordsRead, s.RecordsRejected, s.LastSuccessfulRun,
            s.LastFailedRun, s.AverageDurationSeconds is { } d ? Math.Round(d, 3) : null);
    }
}

/// <summary><c>GET /stats</c>. Maps are keyed by source id; every configured source appears in <c>summary</c>.</summary>
public sealed record StatsResponse(
    long TotalCoins,
    [property: JsonConverter(typeof(VerbatimKeysConverter<long>))] IReadOnlyDictionary<string, long> CoinsBySource,
    long TotalNewsItems,
    [property: JsonConverter(typeof(VerbatimKeysConverter<SummaryView>))] IReadOnlyDictionary<string, SummaryView> Summary,
    IReadOnlyList<RunView> RecentRuns) : ApiResponse;
