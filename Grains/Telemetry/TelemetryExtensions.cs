using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;

namespace Kasparro.Grains.Telemetry;

/// <summary>OpenTelemetry metrics with a Prometheus exporter; hosts map the scrape endpoint at /metrics.</summary>
public static class TelemetryExtensions
{
    /// <summary>Orleans' own meter (grain calls, activations, messaging, membership...).</summary>
    public const string OrleansMeter = "Microsoft.Orleans";

    /// <summary>Polly's meter: every resilience pipeline's events (retries, circuit changes, timeouts, injected faults) and durations.</summary>
    public const string PollyMeter = "Polly";

    public static IServiceCollection AddKasparroTelemetry(this IServiceCollection services)
    {
        // Silo and client builders may both run in one process (standalone gateway): register once.
        if (services.Any(d => d.ServiceType == typeof(TelemetryMarker)))
        {
            return services;
        }

        services.AddSingleton<TelemetryMarker>();
        services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService("kasparro", serviceVersion: typeof(TelemetryExtensions).Assembly.GetName().Version?.ToString()))
            .WithMetrics(metrics => metrics
                .AddMeter(OrleansMeter)
                .AddMeter(KasparroMetrics.MeterName)
                .AddMeter(PollyMeter)
                .AddRuntimeInstrumentation()
                .AddAspNetCoreInstrumentation()
                .AddPrometheusExporter());
        return services;
    }

    private sealed class TelemetryMarker;
}
