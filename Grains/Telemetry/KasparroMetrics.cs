using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Kasparro.Grains.Interfaces.Drift;
using Kasparro.Grains.Interfaces.Sources;

namespace Kasparro.Grains.Telemetry;

/// <summary>
/// The project's own instruments (meter <c>Kasparro</c>). In Prometheus they appear as
/// <c>kasparro_runs_total</c>, <c>kasparro_records_total</c>, <c>kasparro_rejections_total</c>,
/// <c>kasparro_injected_failures_total</c>, <c>kasparro_run_duration_seconds</c> and
/// <c>kasparro_anomalies_total</c> (anomalies found on finished runs, by source and rule); drift as
/// <c>kasparro_drift_reports_total</c>, <c>kasparro_drift_events_total</c> and <c>kasparro_drift_confidence</c>;
/// <c>kasparro_schema_rereads_total</c> (passes read again with new renames under the evolve policy).
/// Alerts: <c>kasparro_alert_deliveries_total</c> (deliveries finished, by outcome: delivered, failed,
/// cancelled), <c>kasparro_alert_attempts_total</c> (webhook attempts by result) and
/// <c>kasparro_alert_deliveries_pending</c> (the cluster's pending deliveries, as the relay last counted them).
/// The per-source gauges (assets, market cap, news, last run times) are <see cref="SourceGauges"/>.
/// </summary>
public sealed class KasparroMetrics
{
    public const string MeterName = "Kasparro";

    private readonly Counter<long> _runs;
    private readonly Counter<long> _records;
    private readonly Counter<long> _rejections;
    private readonly Counter<long> _injected;
    private readonly Histogram<double> _duration;
    private readonly Counter<long> _retries;
    private readonly Counter<long> _circuit;
    private readonly Histogram<double> _rateLimitWait;
    private readonly Counter<long> _anomalies;
    private readonly Counter<long> _driftReports;
    private readonly Counter<long> _driftEvents;
    private readonly Counter<long> _schemaRereads;
    private readonly Counter<long> _alertDeliveries;
    private readonly Counter<long> _alertAttempts;
    private readonly ConcurrentDictionary<string, double> _driftConfidence = new(StringComparer.Ordinal);
    private long _alertsPending = -1; // -1: not counted yet on this silo (the gauge reports nothing)

    public KasparroMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        var meter = meterFactory.Create(MeterName);
        _runs = meter.CreateCounter<long>("kasparro.runs", description: "Finished ingestion runs by source and status");
        _records = meter.CreateCounter<long>("kasparro.records", description: "Records by source and outcome (read, written, rejected)");
        _rejections = meter.CreateCounter<long>("kasparro.rejections", description: "Rejected records by source and reason");
        _injected = meter.CreateCounter<long>("kasparro.injected_failures", description: "Failures injected on purpose");
        _duration = meter.CreateHistogram<double>("kasparro.run.duration", unit: "s", description: "Duration of finished runs");
        _retries = meter.CreateCounter<long>("kasparro.http_retries", description: "HTTP attempts retried by source and reason");
        _circuit = meter.CreateCounter<long>("kasparro.circuit_transitions", description: "Circuit breaker state changes by source");
        _rateLimitWait = meter.CreateHistogram<double>("kasparro.rate_limit.wait", unit: "s", description: "Time requests waited for the source's rate limit");
        _anomalies = meter.CreateCounter<long>("kasparro.anomalies", description: "Anomalies found on finished runs by source and rule");
        _driftReports = meter.CreateCounter<long>("kasparro.drift_reports", description: "Drift analyses by source");
        _driftEvents = meter.CreateCounter<long>("kasparro.drift_events", description: "Drift analyses that found drift, by source and whether it was breaking");
        _schemaRereads = meter.CreateCounter<long>(
            "kasparro.schema_rereads", description: "Passes read again from the checkpoint because the evolve drift policy changed the field renames, by source");
        meter.CreateObservableGauge(
            "kasparro.drift.confidence",
            () => _driftConfidence.Select(c => new Measurement<double>(c.Value, new KeyValuePair<string, object?>("source", c.Key))),
            description: "Confidence of the last drift analysis by source (share of expected fields found)");
        _alertDeliveries = meter.CreateCounter<long>("kasparro.alert_deliveries", description: "Alert deliveries finished by outcome (delivered, failed, cancelled)");
        _alertAttempts = meter.CreateCounter<long>("kasparro.alert_attempts", description: "Webhook delivery attempts by result");
        meter.CreateObservableGauge(
            "kasparro.alert_deliveries.pending",
            () => Interlocked.Read(ref _alertsPending) is var pending and >= 0 ? [new Measurement<long>(pending)] : Array.Empty<Measurement<long>>(),
            description: "Alert deliveries not delivered yet, in the whole cluster (refreshed by the relay every few seconds)");
    }

    /// <summary>A delivery reached a final state (<c>delivered</c>, <c>failed</c> or <c>cancelled</c>).</summary>
    public void AlertDeliveryFinished(string outcome) => _alertDeliveries.Add(1, new KeyValuePair<string, object?>("outcome", outcome));

    /// <summary>A webhook attempt ended (<c>delivered</c>, <c>http_error</c>, <c>redirect</c>, <c>timeout</c>, <c>network_error</c>, <c>refused</c>).</summary>
    public void AlertAttempted(string result) => _alertAttempts.Add(1, new KeyValuePair<string, object?>("result", result));

    /// <summary>The pending deliveries the relay last counted; a scrape reads this, never the database.</summary>
    public void AlertsPending(long pending) => Interlocked.Exchange(ref _alertsPending, pending);

    /// <summary>A run read again from its checkpoint with new field renames (evolve policy).</summary>
    public void SchemaReread(string source) => _schemaRereads.Add(1, new KeyValuePair<string, object?>("source", source));

    public void BatchCommitted(string source, long read, long written, IReadOnlyDictionary<string, long> rejections)
    {
        ArgumentNullException.ThrowIfNull(rejections);
        _records.Add(read, new("source", source), new("outcome", "read"));
        _records.Add(written, new("source", source), new("outcome", "written"));
        foreach (var (reason, count) in rejections)
        {
            _records.Add(count, new("source", source), new("outcome", "rejected"));
            _rejections.Add(count, new("source", source), new("reason", reason));
        }
    }

    public void RunFinished(RunInfo run)
    {
        ArgumentNullException.ThrowIfNull(run);
        _runs.Add(1, new("source", run.Source), new("status", RunStatusNames.Name(run.Status)));
        if (run.CompletedAt is { } done)
        {
            _duration.Record((done - run.StartedAt).TotalSeconds, new KeyValuePair<string, object?>("source", run.Source));
        }

        foreach (var anomaly in run.Anomalies)
        {
            _anomalies.Add(1, new("source", run.Source), new("rule", anomaly.Rule));
        }
    }

    public void HttpRetried(string source, string reason) =>
        _retries.Add(1, new("source", source), new("reason", reason));

    public void RateLimitWaited(string source, TimeSpan wait) =>
        _rateLimitWait.Record(wait.TotalSeconds, new KeyValuePair<string, object?>("source", source));

    public void CircuitChanged(string source, string state) =>
        _circuit.Add(1, new("source", source), new("state", state));

    public void DriftAnalyzed(DriftReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        _driftReports.Add(1, new KeyValuePair<string, object?>("source", report.Source));
        if (report.DriftDetected)
        {
            _driftEvents.Add(1, new("source", report.Source), new("breaking", report.Breaking ? "true" : "false"));
        }

        _driftConfidence[report.Source] = report.Confidence;
    }

    public void FailureInjected(string source, string type) =>
        _injected.Add(1, new("source", source), new("type", type));
}
