using Kasparro.Api.Hosting;
using Kasparro.Api.Http;

namespace Kasparro.Api.Dashboard;

/// <summary>
/// Stands in front of every dashboard endpoint (those carrying <see cref="DashboardRoute"/>), before
/// the package binds or runs anything: the API key when reads need it (401 with a Basic challenge,
/// so a browser asks for it), the live log stream only when enabled (404 otherwise), and silo
/// addresses only of active silos (404 otherwise), so a bad URL is a 4xx of ours rather than a
/// failed grain activation. Every refusal is problem+json; none is logged, and neither is the key.
/// </summary>
public sealed class DashboardGate(RequestDelegate next, ApiSettings api, DashboardSettings settings, IGrainFactory grains)
{
    private static readonly TimeSpan SiloLookupTimeout = TimeSpan.FromSeconds(5);

    public async Task InvokeAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var route = context.GetEndpoint()?.Metadata.GetMetadata<DashboardRoute>();
        var refusal = route is null ? null : await RefuseAsync(context, route);
        if (refusal is null)
        {
            await next(context);
            return;
        }

        await refusal.ExecuteAsync(context);
    }

    private async Task<IResult?> RefuseAsync(HttpContext context, DashboardRoute route)
    {
        if (api.RequireKeyForReads && !DashboardCredentials.Present(context.Request, api))
        {
            context.Response.Headers.WWWAuthenticate = DashboardCredentials.Challenges;
            return ApiProblems.Unauthorized(
                $"The dashboard needs the API key: send it as the {ApiKeyFilter.HeaderName} header, or as the password of HTTP Basic authentication (any user name).");
        }

        if (route.LiveLog && !settings.LiveLog)
        {
            return ApiProblems.NotFound($"The dashboard's live log stream is off; {DashboardSettings.LiveLogKey}=true turns it on.");
        }

        if (route.SiloParameter is { } parameter
            && !await IsActiveSiloAsync(context.Request.RouteValues[parameter] as string, context.RequestAborted))
        {
            return ApiProblems.NotFound("No active silo of this cluster has that address.");
        }

        return null;
    }

    /// <summary>Compared as text with the addresses the dashboard itself lists (their parsable form), never parsed.</summary>
    private async Task<bool> IsActiveSiloAsync(string? address, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(address))
        {
            return false;
        }

        var hosts = await grains.GetGrain<IManagementGrain>(0).GetHosts(true, cancellationToken)
            .WaitAsync(SiloLookupTimeout, cancellationToken);
        return hosts.Keys.Any(silo => string.Equals(silo.ToParsableString(), address, StringComparison.Ordinal));
    }
}
