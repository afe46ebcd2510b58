using Kasparro.Hosting;
using Kasparro.Silo;

// A headless silo: grains only, plus /health and /metrics on a small HTTP port for probes and scraping.
return await StartupFailure.GuardAsync(async () =>
{
    var builder = WebApplication.CreateBuilder(args);
    if (string.IsNullOrWhiteSpace(builder.Configuration["urls"]))
    {
        builder.WebHost.UseUrls("http://localhost:8081");
    }

    builder.UseOrleans(silo =>
    {
        silo.AddKasparro();
        if (KubernetesPod.Detected)
        {
            silo.UseKubernetesHosting();
        }
    });
    builder.Services.AddKasparroJson();
    builder.Services.AddKasparroHttpHygiene();

    var app = builder.Build();
    app.UseKasparroHttpHygiene();
    app.MapKasparroOperationalEndpoints();
    await app.RunAsync();
});
