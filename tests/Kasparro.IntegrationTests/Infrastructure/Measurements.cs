using System.Diagnostics.Metrics;
using Kasparro.Grains.Telemetry;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;

namespace Kasparro.IntegrationTests.Infrastructure;

/// <summary>
/// <see cref="MetricCollector{T}"/>s on one host's own instruments: only what that host's meter
/// factory created is heard, so silos of other tests running in the same process never add to the figures.
/// </summary>
public static class Measurements
{
    /// <summary>Collects <paramref name="instrument"/> of the project's meter as created by this host.</summary>
    public static MetricCollector<T> Collect<T>(IServiceProvider services, string instrument)
        where T : struct =>
        new(services.GetRequiredService<IMeterFactory>(), KasparroMetrics.MeterName, instrument);

    /// <summary>The sum of the measurements that carry every one of these tags.</summary>
    public static T Sum<T>(this MetricCollector<T> collector, params (string Key, string Value)[] tags)
        where T : struct, System.Numerics.INumber<T>
    {
        ArgumentNullException.ThrowIfNull(collector);
        var wanted = tags.Select(t => new KeyValuePair<string, object?>(t.Key, t.Value)).ToArray();
        return collector.GetMeasurementSnapshot()
            .Where(m => m.ContainsTags(wanted))
            .Aggregate(T.Zero, (sum, m) => sum + m.Value);
    }

    /// <summary>
    /// Waits until the sum for these tags reaches <paramref name="atLeast"/> and returns it: a
    /// counter added just after the grain reports its work finished must still be waited for.
    /// </summary>
    public static Task<T> SumReachingAsync<T>(this MetricCollector<T> collector, T atLeast, params (string Key, string Value)[] tags)
        where T : struct, System.Numerics.INumber<T> =>
        Eventually.Until(
            () => Task.FromResult(collector.Sum(tags)), sum => sum >= atLeast, TimeSpan.FromSeconds(30),
            $"a sum of {atLeast} for {string.Join(',', tags)}");
}
