using Kasparro.Api.Endpoints;
using Kasparro.Api.Hosting;
using Kasparro.Grains.Hosting;
using Orleans.Dashboard;

return await StartupFailure.GuardAsync(async () =>
{
    var builder = WebApplication.CreateBuilder(args);
    builder.AddKasparroGateway();

    var app = builder.Build();
    app.UseExceptionHandler();
    app.UseStatusCodePages();
    app.MapRootApi();
    app.MapKasparroOperationalEndpoints();
    app.MapOrleansDashboard(routePrefix: "/dashboard");
    await app.RunAsync();
});

/// <summary>Visible to the tests' WebApplicationFactory.</summary>
public partial class Program;
