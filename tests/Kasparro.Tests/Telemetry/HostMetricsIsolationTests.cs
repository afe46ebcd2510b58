using Kasparro.Grains.Interfaces.Sources;
using Kasparro.Grains.Telemetry;
using Kasparro.Hosting.Telemetry;
using Kasparro.Tests.Runs;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Metrics;

namespace Kasparro.Tests.Telemetry;

/// <summary>
/// Two hosts in one process (as in the integration tests) each export only their own instruments:
/// OpenTelemetry matches meters by name process-wide, so without the view each host's /metrics
/// counted the other's runs too (a test expecting 2 runs of a source saw 4 when two fixtures overlapped).
/// </summary>
public sealed class HostMetricsIsolationTests
{
    [Fact]
    public void A_host_exports_its_own_counters_not_those_of_another_host_in_the_process()
    {
        var seenByA = new List<long>();
        var seenByB = new List<long>();
        using var hostA = Host(seenByA);
        using var hostB = Host(seenByB);

        hostA.GetRequiredService<KasparroMetrics>().RunFinished(Run("same-id"));
        hostA.GetRequiredService<KasparroMetrics>().RunFinished(Run("same-id"));
        hostB.GetRequiredService<KasparroMetrics>().RunFinished(Run("same-id"));
        // The Prometheus reader cannot flush outside a scrape (so ForceFlush says false); the test's reader does.
        hostA.GetRequiredService<MeterProvider>().ForceFlush();
        hostB.GetRequiredService<MeterProvider>().ForceFlush();

        Assert.Equal([2L], seenByA);
        Assert.Equal([1L], seenByB);
    }

    private static ServiceProvider Host(List<long> runs)
    {
        var services = new ServiceCollection();
        services.AddMetrics();
        services.AddKasparroTelemetry(new ConfigurationBuilder().Build());
        services.AddSingleton<KasparroMetrics>();
        services.ConfigureOpenTelemetryMeterProvider(m => m.AddReader(new BaseExportingMetricReader(new RunCounter(runs))));
        var provider = services.BuildServiceProvider();
        provider.GetRequiredService<MeterProvider>();
        return provider;
    }

    private static RunInfo Run(string source) => RunSamples.Run(source: source);

    /// <summary>Keeps the sum of <c>kasparro.runs</c> from each export.</summary>
    private sealed class RunCounter(List<long> sums) : BaseExporter<Metric>
    {
        public override ExportResult Export(in Batch<Metric> batch)
        {
            foreach (var metric in batch)
            {
                if (metric.Name != "kasparro.runs")
                {
                    continue;
                }

                long sum = 0;
                foreach (ref readonly var point in metric.GetMetricPoints())
                {
                    sum += point.GetSumLong();
                }

                sums.Add(sum);
            }

            return ExportResult.Success;
        }
    }
}
