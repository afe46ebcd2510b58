using Kasparro.Api.Dashboard;
using Kasparro.Api.Endpoints;
using Kasparro.Api.Hosting;
using Kasparro.Api.Http;
using Kasparro.Hosting;
using Scalar.AspNetCore;

return await StartupFailure.GuardAsync(async () =>
{
    var builder = WebApplication.CreateBuilder(args);
    builder.AddKasparroGateway();

    var app = builder.Build();
    app.UseKasparroHttpHygiene();
    app.UseRequestIds();
    app.UseExceptionHandler();
    app.UseStatusCodePages();
    app.MapRootApi();
    app.MapKasparroApi();
    app.MapKasparroOperationalEndpoints();
    app.MapOpenApi("/openapi/{documentName}.json");
    app.MapScalarApiReference("/docs", o => o.WithTitle("Kasparro API").WithOpenApiRoutePattern("/openapi/{documentName}.json"));
    app.MapKasparroDashboard();
    await app.RunAsync();
});

/// <summary>Visible to the tests' WebApplicationFactory.</summary>
public partial class Program;
