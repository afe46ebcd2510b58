using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Kasparro.Grains.Telemetry;

namespace Kasparro.IntegrationTests.Drift;

/// <summary>
/// Listens to the project's meter in this test process (the test silos run in it) and sums what
/// each instrument measured per source. Other silos of parallel tests report too: filter by source.
/// </summary>
public sealed class MetricRecorder : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<(string Instrument, string Source), double> _sums = new();
    private readonly ConcurrentDictionary<(string Instrument, string Source), double> _last = new();

    public MetricRecorder()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == KasparroMetrics.MeterName && instrument.Name.StartsWith("kasparro.drift", StringComparison.Ordinal))
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Record(instrument, value, tags));
        _listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Record(instrument, value, tags));
        _listener.Start();
    }

    public double Sum(string instrument, string source) => _sums.GetValueOrDefault((instrument, source));

    /// <summary>The gauge's current value for a source (observed now), or null.</summary>
    public double? Observe(string instrument, string source)
    {
        _listener.RecordObservableInstruments();
        return _last.TryGetValue((instrument, source), out var value) ? value : null;
    }

    private void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        foreach (var tag in tags)
        {
            if (tag.Key == "source" && tag.Value is string source)
            {
                _sums.AddOrUpdate((instrument.Name, source), value, (_, sum) => sum + value);
                _last[(instrument.Name, source)] = value;
            }
        }
    }

    public void Dispose() => _listener.Dispose();
}
