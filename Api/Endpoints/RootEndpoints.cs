using Kasparro.Api.Hosting;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Kasparro.Api.Endpoints;

/// <summary><c>GET /</c>: who this is and where to look next.</summary>
public static class RootEndpoints
{
    public sealed record RootResponse(string Service, string Version, GatewayMode Mode, string StorageProvider, IReadOnlyDictionary<string, string> Links);

    public static IEndpointRouteBuilder MapRootApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/", GetRoot).WithName("Root").WithSummary("Service name, version, mode and links.");
        return endpoints;
    }

    private static Ok<RootResponse> GetRoot(GatewayInfo info) =>
        TypedResults.Ok(new RootResponse(
            info.Service,
            info.Version,
            info.Mode,
            info.StorageProvider,
            new Dictionary<string, string>
            {
                ["health"] = "/health",
                ["metrics"] = "/metrics",
                ["dashboard"] = "/dashboard",
            }));
}
