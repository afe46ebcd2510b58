using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Kasparro.Hosting;

/// <summary>
/// /health (with /health/live and /health/ready for probes) and /metrics, served alike by the silo
/// host and the gateway. The health endpoints run ASP.NET Core's health checks by tag
/// (<see cref="KasparroHealthChecks"/>) and answer through <see cref="HealthResponses"/>; they are
/// route handlers (not <c>MapHealthChecks</c>) so the OpenAPI document describes them.
/// </summary>
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
        endpoints.MapGet("/health/live", GetLiveAsync)
            .WithName("Liveness")
            .WithTags("Operations")
            .WithSummary("Liveness probe: 200 while the process serves requests; checks nothing else.")
            .Produces<ProbeResponse>(StatusCodes.Status503ServiceUnavailable);
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
        HealthCheckService checks, ClusterHealth health, HttpContext http, CancellationToken cancellationToken)
    {
        var report = await HealthResponses.CheckAsync(checks, health, cancellationToken) with { RequestId = http.TraceIdentifier, Timestamp = Now(http) };
        return report.Healthy
            ? TypedResults.Ok(report)
            : TypedResults.Json(report, statusCode: StatusCodes.Status503ServiceUnavailable);
    }

    private static async Task<Results<Ok<ProbeResponse>, JsonHttpResult<ProbeResponse>>> GetLiveAsync(
        HealthCheckService checks, HttpContext http, CancellationToken cancellationToken)
    {
        var live = await checks.CheckHealthAsync(HealthResponses.Live, cancellationToken);
        return live.Status == HealthStatus.Unhealthy
            ? TypedResults.Json(new ProbeResponse("unhealthy", http.TraceIdentifier, Now(http)), statusCode: StatusCodes.Status503ServiceUnavailable)
            : TypedResults.Ok(new ProbeResponse("alive", http.TraceIdentifier, Now(http)));
    }

    private static async Task<Results<Ok<ProbeResponse>, JsonHttpResult<ProbeResponse>>> GetReadyAsync(
        HealthCheckService checks, ClusterHealth health, HttpContext http, CancellationToken cancellationToken)
    {
        var report = await HealthResponses.CheckAsync(checks, health, cancellationToken);
        var probe = new ProbeResponse(report.Status, http.TraceIdentifier, Now(http));
        return report.Healthy ? TypedResults.Ok(probe) : TypedResults.Json(probe, statusCode: StatusCodes.Status503ServiceUnavailable);
    }

    private static DateTime Now(HttpContext http) =>
        (http.RequestServices.GetService<TimeProvider>() ?? TimeProvider.System).GetUtcNow().UtcDateTime;

    /// <summary>What a probe endpoint answers.</summary>
    public sealed record ProbeResponse(string Status, string RequestId, DateTime Timestamp);
}
