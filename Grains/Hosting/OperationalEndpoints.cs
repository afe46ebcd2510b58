using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Kasparro.Grains.Hosting;

/// <summary>/health and /metrics, served the same way by the silo host and the gateway.</summary>
public static class OperationalEndpoints
{
    public static IEndpointRouteBuilder MapKasparroOperationalEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/health", GetHealthAsync)
            .WithName("Health")
            .WithSummary("Storage provider, database reachability and active silos; 503 when unhealthy.");
        endpoints.MapPrometheusScrapingEndpoint("/metrics");
        return endpoints;
    }

    private static async Task<Results<Ok<HealthReport>, JsonHttpResult<HealthReport>>> GetHealthAsync(
        ClusterHealth health, CancellationToken cancellationToken)
    {
        var report = await health.CheckAsync(cancellationToken);
        return report.Healthy
            ? TypedResults.Ok(report)
            : TypedResults.Json(report, statusCode: StatusCodes.Status503ServiceUnavailable);
    }
}
