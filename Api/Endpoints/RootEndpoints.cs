using Kasparro.Api.Contracts;
using Kasparro.Api.Dashboard;
using Kasparro.Api.Hosting;
using Kasparro.Grains.Interfaces.Sources;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Kasparro.Api.Endpoints;

/// <summary><c>GET /</c>: who this is, which sources the silos define, and where to look next.</summary>
public static class RootEndpoints
{
    public sealed record RootResponse(
        string Service, string Version, GatewayMode Mode, string StorageProvider, IReadOnlyList<string> Sources,
        IReadOnlyDictionary<string, string> Links) : ApiResponse;

    public static IEndpointRouteBuilder MapRootApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/", GetRootAsync).WithName("Root").WithTags("Operations").WithSummary("Service name, version, mode, sources and links.")
            .AddEndpointFilter<Http.StampFilter>();
        return endpoints;
    }

    private static async Task<Ok<RootResponse>> GetRootAsync(GatewayInfo info, IGrainFactory grains, DashboardSettings dashboard)
    {
        var sources = await grains.GetGrain<ISourceCatalogGrain>(0).GetSources();
        var links = new Dictionary<string, string>
        {
            ["docs"] = "/docs",
            ["openapi"] = "/openapi/v1.json",
            ["health"] = "/health",
            ["metrics"] = "/metrics",
            ["data"] = "/data",
            ["news"] = "/news",
            ["stats"] = "/stats",
            ["runs"] = "/runs",
            ["sources"] = "/sources",
        };
        if (dashboard.Enabled)
        {
            links["dashboard"] = DashboardSettings.Path;
        }

        return TypedResults.Ok(new RootResponse(
            info.Service,
            info.Version,
            info.Mode,
            info.StorageProvider,
            sources.Select(s => s.Id).ToArray(),
            links));
    }
}
