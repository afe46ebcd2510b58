using System.Reflection;
using Kasparro.Grains.Hosting;

namespace Kasparro.Api.Hosting;

/// <summary>Wires the gateway: Orleans (co-hosted silo or client), JSON conventions and problem details.</summary>
public static class GatewayHostingExtensions
{
    public const string ModeKey = "Kasparro:Api:Mode";
    public const string DefaultUrl = "http://localhost:8080";

    public static WebApplicationBuilder AddKasparroGateway(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        if (string.IsNullOrWhiteSpace(builder.Configuration["urls"]))
        {
            builder.WebHost.UseUrls(DefaultUrl);
        }

        var settings = KasparroSettings.Load(builder.Configuration);
        var mode = LoadMode(builder.Configuration);
        if (mode == GatewayMode.Standalone)
        {
            builder.UseOrleans(silo => silo.AddKasparro(settings));
        }
        else
        {
            builder.UseOrleansClient(client => client.AddKasparroClient(settings));
        }

        var version = typeof(GatewayHostingExtensions).Assembly
            .GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0";
        builder.Services.AddSingleton(new GatewayInfo("kasparro", version, mode, settings.Storage.ToString()));
        builder.Services.AddKasparroJson();
        builder.Services.AddProblemDetails();
        return builder;
    }

    private static GatewayMode LoadMode(IConfiguration configuration)
    {
        var text = configuration[ModeKey];
        if (string.IsNullOrWhiteSpace(text))
        {
            return GatewayMode.Standalone;
        }

        return Enum.TryParse<GatewayMode>(text.Trim(), ignoreCase: true, out var mode) && Enum.IsDefined(mode)
            ? mode
            : throw new KasparroConfigurationException(
                $"{ModeKey} is '{text}': expected one of {string.Join(", ", Enum.GetNames<GatewayMode>())}.");
    }
}
