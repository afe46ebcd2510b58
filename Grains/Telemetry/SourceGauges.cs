using System.Diagnostics;
using System.Diagnostics.Metrics;
using Kasparro.Grains.Interfaces.Queries;
using Kasparro.Grains.Sources;
using Kasparro.Grains.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Primitives;

namespace Kasparro.Grains.Telemetry;

/// <summary>
/// Per-source gauges: <c>kasparro_assets</c>, <c>kasparro_market_cap</c>, <c>kasparro_news_items</c>,
/// <c>kasparro_last_run_timestamp_seconds</c>, <c>kasparro_last_success_timestamp_seconds</c> and
/// <c>kasparro_last_failure_timestamp_seconds</c>. A scrape reads a snapshot; the snapshot is
/// refreshed from the per-source aggregates when the silo starts, after every batch commit and
/// logged run on this silo, and every <see cref="Period"/> (so a silo that ingests nothing itself is
/// never more than that behind). Refreshes coalesce (at most one runs, at most one waits) and start
/// at least <see cref="Spacing"/> apart, so a source committing many small batches a second costs the
/// database at most one summary query a second per silo.
/// </summary>
public sealed partial class SourceGauges : ILifecycleParticipant<ISiloLifecycle>, IDisposable
{
    private readonly IQueryStore _store;
    private readonly ILogger<SourceGauges> _logger;
    private volatile Snapshot _snapshot = new([], []);
    private readonly CancellationTokenSource _stopping = new();
    private readonly IDisposable _dataChanges;
    private int _refresh; // 0 idle, 1 refreshing, 2 refreshing and another requested

    /// <summary>The longest a silo's gauges go without a refresh.</summary>
    public static readonly TimeSpan Period = TimeSpan.FromSeconds(30);

    /// <summary>The shortest time between the starts of two refreshes.</summary>
    public static readonly TimeSpan Spacing = TimeSpan.FromSeconds(1);

    private long _lastRefreshStarted; // a Stopwatch timestamp; 0 before the first refresh

    public SourceGauges(IMeterFactory meterFactory, SourceDataSignal dataChanged, IQueryStore store, ILogger<SourceGauges> logger)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        ArgumentNullException.ThrowIfNull(dataChanged);
        _store = store;
        _logger = logger;
        var meter = meterFactory.Create(KasparroMetrics.MeterName);
        meter.CreateObservableGauge("kasparro.assets", () => Data(d => d.Assets), description: "Assets (latest quotes) stored by source");
        meter.CreateObservableGauge("kasparro.market_cap", () => Data(d => (double)d.TotalMarketCap), description: "Total market cap of the stored assets by source");
        meter.CreateObservableGauge("kasparro.news_items", () => Data(d => d.NewsItems), description: "News items stored by source");
        meter.CreateObservableGauge("kasparro.last_run.timestamp", () => Runs(r => r.LastStartedAt), unit: "s", description: "Start of the latest run by source (Unix time)");
        meter.CreateObservableGauge("kasparro.last_success.timestamp", () => Runs(r => r.LastSuccessfulRun), unit: "s", description: "End of the latest successful run by source (Unix time)");
        meter.CreateObservableGauge("kasparro.last_failure.timestamp", () => Runs(r => r.LastFailedRun), unit: "s", description: "End of the latest failed run by source (Unix time)");
        _dataChanges = ChangeToken.OnChange(dataChanged.GetChangeToken, RequestRefresh);
    }

    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(
            nameof(SourceGauges),
            ServiceLifecycleStage.Active,
            started =>
            {
                RequestRefresh();
                _ = RefreshPeriodicallyAsync(_stopping.Token);
                return Task.CompletedTask;
            },
            _ => _stopping.CancelAsync());

    public void Dispose()
    {
        _dataChanges.Dispose();
        _stopping.Dispose();
    }

    private async Task RefreshPeriodicallyAsync(CancellationToken stopping)
    {
        using var timer = new PeriodicTimer(Period);
        try
        {
            while (await timer.WaitForNextTickAsync(stopping))
            {
                RequestRefresh();
            }
        }
        catch (OperationCanceledException)
        {
            // The silo is stopping.
        }
    }

    /// <summary>Asks for a refresh; returns at once.</summary>
    public void RequestRefresh()
    {
        while (true)
        {
            var state = Volatile.Read(ref _refresh);
            if (state == 2 || Interlocked.CompareExchange(ref _refresh, state + 1, state) == state)
            {
                if (state == 0)
                {
                    _ = Task.Run(RefreshLoopAsync);
                }

                return;
            }
        }
    }

    private async Task RefreshLoopAsync()
    {
        do
        {
            try
            {
                var last = Volatile.Read(ref _lastRefreshStarted);
                var wait = last == 0 ? TimeSpan.Zero : Spacing - Stopwatch.GetElapsedTime(last);
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait, _stopping.Token);
                }

                Volatile.Write(ref _lastRefreshStarted, Stopwatch.GetTimestamp());
                var data = await _store.GetDataSummariesAsync(CancellationToken.None);
                var runs = await _store.GetRunSummariesAsync(CancellationToken.None);
                _snapshot = new Snapshot(data, runs);
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException && _stopping.IsCancellationRequested)
            {
                Volatile.Write(ref _refresh, 0);
                return;
            }
            catch (Exception ex)
            {
                // The gauges keep their last values; the next batch or run asks again.
                LogRefreshFailed(_logger, ex);
            }
        }
        while (Interlocked.CompareExchange(ref _refresh, 0, 1) != 1 && Interlocked.Exchange(ref _refresh, 1) == 2);
    }

    private IEnumerable<Measurement<T>> Data<T>(Func<DataSummary, T> value)
        where T : struct =>
        _snapshot.Data.Select(d => new Measurement<T>(value(d), new KeyValuePair<string, object?>("source", d.Source)));

    private IEnumerable<Measurement<double>> Runs(Func<RunSummary, DateTime?> time) =>
        _snapshot.Runs
            .Where(r => time(r) is not null)
            .Select(r => new Measurement<double>(
                new DateTimeOffset(DateTime.SpecifyKind(time(r)!.Value, DateTimeKind.Utc)).ToUnixTimeMilliseconds() / 1000.0,
                new KeyValuePair<string, object?>("source", r.Source)));

    [LoggerMessage(EventId = 1500, Level = LogLevel.Warning, Message = "Could not refresh the per-source gauges")]
    private static partial void LogRefreshFailed(ILogger logger, Exception exception);

    private sealed record Snapshot(IReadOnlyList<DataSummary> Data, IReadOnlyList<RunSummary> Runs);
}
