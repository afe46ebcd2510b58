using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Kasparro.Hosting;

/// <summary>/health (with /health/live and /health/ready for probes) and /metrics, served alike by the silo host and the gateway.</summary>
public static class OperationalEndpoints
{
    public static IEndpointRouteBuilder MapKasparroOperationalEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/health", GetHealthAsync)
            .WithName("Health")
            .WithTags("Operations")
            .WithSummary("Health of the service and of every source")
            .WithDescription("Status (healthy, degraded, unhealthy), database connection, active silos and the ETL status of every source. 503 when unhealthy.")
            .Produces<HealthReport>(StatusCodes.Status503ServiceUnavailable);
        endpoints.MapGet("/health/live", GetLive)
            .WithName("Liveness")
            .WithTags("Operations")
            .WithSummary("Liveness probe: 200 while the process serves requests; checks nothing else.");
        endpoints.MapGet("/health/ready", GetReadyAsync)
            .WithName("Readiness")
            .WithTags("Operations")
            .WithSummary("Readiness probe: 200 when healthy or degraded, 503 when unhealthy.")
            .Produces<ProbeResponse>(StatusCodes.Status503ServiceUnavailable);

        // The exporter maps its path for every method; a scrape is a GET (HEAD too, see HttpHygiene), anything else is 405.
        endpoints.MapPrometheusScrapingEndpoint("/metrics").WithMetadata(new HttpMethodMetadata([HttpMethods.Get]));
        return endpoints;
    }

    private static async Task<Results<Ok<HealthReport>, JsonHttpResult<HealthReport>>> GetHealthAsync(
        ClusterHealth health, HttpContext http, CancellationToken cancellationToken)
    {
        var report = await health.CheckAsync(cancellationToken) with { RequestId = http.TraceIdentifier, Timestamp = Now(http) };
        return report.Healthy
            ? TypedResults.Ok(report)
            : TypedResults.Json(report, statusCode: StatusCodes.Status503ServiceUnavailable);
    }

    private static Ok<ProbeResponse> GetLive(HttpContext http) =>
        TypedResults.Ok(new ProbeResponse("alive", http.TraceIdentifier, Now(http)));

    private static async Task<Results<Ok<ProbeResponse>, JsonHttpResult<ProbeResponse>>> GetReadyAsync(
        ClusterHealth health, HttpContext http, CancellationToken cancellationToken)
    {
        var report = await health.CheckAsync(cancellationToken);
        var probe = new ProbeResponse(report.Status, http.TraceIdentifier, Now(http));
        return report.Healthy ? TypedResults.Ok(probe) : TypedResults.Json(probe, statusCode: StatusCodes.Status503ServiceUnavailable);
    }

    private static DateTime Now(HttpContext http) =>
        (http.RequestServices.GetService<TimeProvider>() ?? TimeProvider.System).GetUtcNow().UtcDateTime;

    /// <summary>What a probe endpoint answers.</summary>
    public sealed record ProbeResponse(string Status, string RequestId, DateTime Timestamp);
}
