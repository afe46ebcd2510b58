using System.Diagnostics;
using Kasparro.Grains.Configuration;
using Microsoft.Extensions.Configuration;

namespace Kasparro.Grains.Telemetry;

/// <summary>
/// The project's own spans (activity source <c>Kasparro</c>): one per run, with one child per
/// batch. Traces are exported over OTLP only when an endpoint is configured
/// (<see cref="EndpointKey"/>, or the standard <see cref="StandardEndpointKey"/>); otherwise nobody
/// listens and starting a span costs nothing but the check that returns null.
/// </summary>
public static class KasparroTracing
{
    public const string SourceName = "Kasparro";

    /// <summary>Where traces go (used as given), overriding the standard variable.</summary>
    public const string EndpointKey = "Kasparro:Telemetry:OtlpEndpoint";

    /// <summary>The OpenTelemetry SDK's own variable (with its <c>OTEL_EXPORTER_OTLP_*</c> companions).</summary>
    public const string StandardEndpointKey = "OTEL_EXPORTER_OTLP_ENDPOINT";

    internal static ActivitySource Source { get; } = new(SourceName, typeof(KasparroTracing).Assembly.GetName().Version?.ToString());

    /// <summary>Whether traces are exported: an endpoint is configured under either key (a bad one stops the process, naming the key).</summary>
    public static bool Enabled(IConfiguration configuration) =>
        Endpoint(configuration, EndpointKey) is not null || Endpoint(configuration, StandardEndpointKey) is not null;

    /// <summary>The endpoint set under <see cref="EndpointKey"/>, or null (the exporter then reads the standard variables itself).</summary>
    public static Uri? ConfiguredEndpoint(IConfiguration configuration) => Endpoint(configuration, EndpointKey);

    private static Uri? Endpoint(IConfiguration configuration, string key)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var text = configuration[key];
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        return Uri.TryCreate(text.Trim(), UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
            ? uri
            : throw new KasparroConfigurationException($"{key} must be an absolute http or https URL such as http://otel-collector:4317; got '{text}'.");
    }

    /// <summary>The span of one run (a child of whatever started it: a grain call, or nothing for a reminder).</summary>
    internal static Activity? StartRun(string source, Guid runId) =>
        Source.StartActivity("kasparro.run")?.SetTag("kasparro.source", source).SetTag("kasparro.run_id", runId.ToString());

    /// <summary>
    /// The span of one batch, a child of the current one (the run's). Batches overlap (reads and
    /// writes are pipelined), so it is not left current: the next batch is its sibling, not its child.
    /// </summary>
    internal static Activity? StartBatch(string source, Guid runId, long firstRecord, int records)
    {
        var current = Activity.Current;
        var batch = Source.StartActivity("kasparro.batch");
        Activity.Current = current;
        return batch?.SetTag("kasparro.source", source).SetTag("kasparro.run_id", runId.ToString())
            .SetTag("kasparro.batch.first_record", firstRecord).SetTag("kasparro.batch.records", records);
    }

    /// <summary>Starts <paramref name="work"/> with <paramref name="span"/> current, so what it calls (grains, the database) nests under it.</summary>
    internal static T Within<T>(Activity? span, Func<T> work)
    {
        if (span is null)
        {
            return work();
        }

        var current = Activity.Current;
        Activity.Current = span;
        try
        {
            return work();
        }
        finally
        {
            Activity.Current = current;
        }
    }

    internal static void Failed(Activity? span, Exception exception)
    {
        span?.SetStatus(ActivityStatusCode.Error, exception.Message);
        span?.AddException(exception);
    }
}
