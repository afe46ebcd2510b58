using System.Diagnostics.Metrics;
using Kasparro.Grains.Telemetry;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Orleans.Diagnostics;

namespace Kasparro.Hosting.Telemetry;

/// <summary>
/// OpenTelemetry metrics with a Prometheus exporter (hosts map the scrape endpoint at /metrics), and
/// traces exported over OTLP when an endpoint is configured (<see cref="KasparroTracing"/>); without
/// one no tracer is registered at all.
/// </summary>
public static class TelemetryExtensions
{
    /// <summary>Orleans' own meter (grain calls, activations, messaging, membership...).</summary>
    public const string OrleansMeter = "Microsoft.Orleans";

    /// <summary>Polly's meter: every resilience pipeline's events (retries, circuit changes, timeouts, injected faults) and durations.</summary>
    public const string PollyMeter = "Polly";

    public static IServiceCollection AddKasparroTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        // Silo and client builders may both run in one process (standalone gateway): register once.
        if (services.Any(d => d.ServiceType == typeof(TelemetryMarker)))
        {
            return services;
        }

        services.AddSingleton<TelemetryMarker>();
        var telemetry = services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService("kasparro", serviceVersion: typeof(TelemetryExtensions).Assembly.GetName().Version?.ToString()))
            .WithMetrics(metrics => metrics
                .AddMeter(OrleansMeter)
                .AddMeter(KasparroMetrics.MeterName)
                .AddMeter(PollyMeter)
                .AddRuntimeInstrumentation()
                .AddAspNetCoreInstrumentation()
                .AddPrometheusExporter());
        // Meters are matched by name across the process: where one process holds several hosts (the
        // tests do), a host's /metrics would add up every host's instruments of the same name.
        // Instruments another host's IMeterFactory made are dropped; static meters (Orleans, the runtime) stay.
        services.ConfigureOpenTelemetryMeterProvider((provider, metrics) =>
        {
            var own = provider.GetRequiredService<IMeterFactory>();
            metrics.AddView(i => i.Meter.Scope is null || ReferenceEquals(i.Meter.Scope, own) ? null : MetricStreamConfiguration.Drop);
        });
        if (KasparroTracing.Enabled(configuration))
        {
            var endpoint = KasparroTracing.ConfiguredEndpoint(configuration);
            telemetry.WithTracing(tracing => tracing
                .AddSource(KasparroTracing.SourceName)
                .AddSource(ActivitySources.ApplicationGrainActivitySourceName, ActivitySources.StorageActivitySourceName)
                // Scrapes and probes every few seconds would bury the requests worth seeing.
                .AddAspNetCoreInstrumentation(o => o.Filter = http => !IsOperational(http.Request.Path))
                // A webhook's URL may itself be its secret (a Slack URL's path is): webhook requests are
                // not traced, so no span carries url.full of one. The relay logs their hosts only.
                .AddHttpClientInstrumentation(o => o.FilterHttpRequestMessage = request =>
                    !request.Headers.UserAgent.ToString().StartsWith(Kasparro.Grains.Alerts.WebhookSender.UserAgent, StringComparison.Ordinal))
                .AddNpgsql()
                .AddOtlpExporter(o =>
                {
                    if (endpoint is not null)
                    {
                        o.Endpoint = endpoint;
                    }
                }));
        }

        return services;
    }

    private static bool IsOperational(PathString path) =>
        path.StartsWithSegments("/metrics", StringComparison.OrdinalIgnoreCase) || path.StartsWithSegments("/health", StringComparison.OrdinalIgnoreCase);

    private sealed class TelemetryMarker;
}
