using Orleans.Dashboard;

namespace Kasparro.Api.Dashboard;

/// <summary>
/// The Orleans dashboard, as the gateway serves it: mapped at <see cref="DashboardSettings.Path"/>
/// unless <see cref="DashboardSettings.Enabled"/> is false, every route of the package marked with
/// its <see cref="DashboardRoute"/> and guarded by <see cref="DashboardGate"/>, and none of them in
/// the OpenAPI document. The headless Silo host adds the dashboard's grains (so a gateway can show
/// its silos) but maps no dashboard route, so this gateway is the one place it is served.
/// </summary>
public static class DashboardHosting
{
    public static IServiceCollection AddKasparroDashboard(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        // Read once: whether routes are mapped at all, and the package's own switch, are start-up decisions.
        var settings = DashboardSettings.Load(configuration);
        services.AddSingleton(settings);
        // The package's own switch as well: even a route the gate does not know could not stream the log.
        services.Configure<DashboardOptions>(o => o.HideTrace = !settings.LiveLog);
        return services;
    }

    public static WebApplication MapKasparroDashboard(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        if (!app.Services.GetRequiredService<DashboardSettings>().Enabled)
        {
            return app;
        }

        // Middleware rather than an endpoint filter: a filter runs after the package's parameters are
        // bound, so a malformed URL would be answered before the key was asked for.
        app.UseMiddleware<DashboardGate>();
        IEndpointConventionBuilder dashboard = app.MapOrleansDashboard(routePrefix: DashboardSettings.Path).ExcludeFromDescription();
        dashboard.Add(endpoint =>
        {
            if (endpoint is RouteEndpointBuilder route)
            {
                endpoint.Metadata.Add(DashboardRoute.Of(route.RoutePattern));
            }
        });
        return app;
    }
}
