using Kasparro.Grains.Telemetry;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;

namespace Kasparro.Hosting.Telemetry;

/// <summary>OpenTelemetry metrics with a Prometheus exporter; hosts map the scrape endpoint at /metrics.</summary>
public static class TelemetryExtensions
{
    /// <summary>Orleans' own meter (grain calls, activations, messaging, membership...).</summary>
    public const string OrleansMeter = "Microsoft.Orleans";

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
                .AddRuntimeInstrumentation()
                .AddAspNetCoreInstrumentation()
                .AddPrometheusExporter());
        return services;
    }

    private sealed class TelemetryMarker;
}
