using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;

namespace Kasparro.IntegrationTests.Infrastructure;

/// <summary>
/// Records one counter of one silo: only instruments created through that silo's meter factory
/// are heard, so silos of other tests running in the same process never add to the figures.
/// </summary>
public sealed class MetricRecorder : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentQueue<(long Value, Dictionary<string, string?> Tags)> _measurements = new();

    public MetricRecorder(TestSilo silo, string instrument)
    {
        ArgumentNullException.ThrowIfNull(silo);
        var factory = silo.Host.Services.GetRequiredService<IMeterFactory>();
        _listener.InstrumentPublished = (i, listener) =>
        {
            if (i.Name == instrument && ReferenceEquals(i.Meter.Scope, factory))
            {
                listener.EnableMeasurementEvents(i);
            }
        };
        _listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            var copy = new Dictionary<string, string?>(StringComparer.Ordinal);
            foreach (var tag in tags)
            {
                copy[tag.Key] = tag.Value?.ToString();
            }

            _measurements.Enqueue((value, copy));
        });
        _listener.Start();
    }

    /// <summary>The sum of the measurements that carry every one of these tags.</summary>
    public long Sum(params (string Key, string Value)[] tags) =>
        _measurements.Where(m => tags.All(t => m.Tags.TryGetValue(t.Key, out var v) && v == t.Value)).Sum(m => m.Value);

    /// <summary>
    /// Waits until the sum for these tags reaches <paramref name="atLeast"/> and returns it. A finished
    /// run is counted just after the grain reports it finished, so a test that has seen the run end
    /// must still wait for its measurements.
    /// </summary>
    public Task<long> SumReachingAsync(long atLeast, params (string Key, string Value)[] tags) =>
        Eventually.Until(() => Task.FromResult(Sum(tags)), sum => sum >= atLeast, TimeSpan.FromSeconds(30), $"a sum of {atLeast} for {string.Join(',', tags)}");

    public void Dispose() => _listener.Dispose();
}
