using System.Reflection;
using Kasparro.Api.Dashboard;
using Kasparro.Api.Http;
using Kasparro.Hosting;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Kasparro.Api.Hosting;

/// <summary>
/// Wires the gateway: Orleans (co-hosted silo or client), the API key, JSON conventions, problem
/// details for every error (with request_id), the exception handler, the HTTP hygiene of every answer
/// (see <see cref="HttpHygiene"/>) and the OpenAPI document (without the dashboard's routes).
/// </summary>
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

        // Start-up decisions, read (and validated) once: the mode, the keys, the provider shown on /.
        var options = KasparroOptions.Read(
            () => builder.Configuration.GetSection(ApiOptions.Section).Get<ApiOptions>() ?? new(), new ApiRules());
        var api = ApiSettings.From(options);
        var storageProvider = KasparroOptions.ReadStorageProviderName(builder.Configuration);
        var mode = options.Mode;
        if (mode == GatewayMode.Standalone)
        {
            builder.UseOrleans(silo => silo.AddKasparro());
        }
        else
        {
            builder.UseOrleansClient(client => client.AddKasparroClient());
        }

        var version = typeof(GatewayHostingExtensions).Assembly
            .GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0";
        builder.Services.AddSingleton(new GatewayInfo("kasparro", version, mode, storageProvider));
        builder.Services.AddSingleton(api);
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddKasparroJson();
        builder.Services.AddKasparroHttpHygiene();
        // Ahead of the framework's writer, which would refuse a client that does not accept JSON.
        builder.Services.AddSingleton<IProblemDetailsWriter, ProblemJsonWriter>();
        builder.Services.AddProblemDetails(o => o.CustomizeProblemDetails = ApiProblems.AddRequestFields);
        builder.Services.AddSingleton<DatabaseCheck>();
        builder.Services.AddExceptionHandler<ApiExceptionHandler>();
        // Malformed route or query values become 400 problems naming the parameter, through the exception handler.
        builder.Services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        builder.Services.AddSingleton<ApiKeyFilter>();
        builder.Services.AddKasparroDashboard(builder.Configuration);
        builder.Services.AddOpenApi(o =>
        {
            o.AddDocumentTransformer<OpenApiDescription>();
            o.AddOperationTransformer<OpenApiKeyRequirement>();
            // The dashboard is an operator page with its own protection, not part of the API.
            var include = o.ShouldInclude;
            o.ShouldInclude = d => !IsDashboard(d.RelativePath) && include(d);
        });
        return builder;
    }

    private static bool IsDashboard(string? relativePath) =>
        relativePath is not null && (relativePath.Equals(DashboardPrefix, StringComparison.OrdinalIgnoreCase)
            || relativePath.StartsWith(DashboardPrefix + "/", StringComparison.OrdinalIgnoreCase));

    private const string DashboardPrefix = "dashboard";
}
