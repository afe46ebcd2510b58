using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Kasparro.Api.Hosting;

/// <summary>
/// Names the service in the OpenAPI document and declares the X-API-Key scheme; which operations need
/// it is said per operation (see <see cref="OpenApiKeyRequirement"/>).
/// </summary>
internal sealed class OpenApiDescription(GatewayInfo info, ApiSettings api) : IOpenApiDocumentTransformer
{
    public const string ApiKeyScheme = "ApiKey";

    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Info = new OpenApiInfo
        {
            Title = "Kasparro",
            Version = info.Version,
            Description = "Multi-source crypto ETL on Orleans: assets, news, runs, statistics and sources. " +
                "JSON is snake_case; every response carries request_id and timestamp; errors are application/problem+json. " +
                (api.RequireKeyForReads
                    ? "Every operation of the API needs the X-API-Key header (reads too: Kasparro:Api:RequireKeyForReads is on); /, /health and /metrics do not."
                    : "Writes need the X-API-Key header.") +
                " Keys have a scope (read, operate, admin; each includes the ones before it); each guarded operation states the one it needs (x-required-scope).",
        };
        DeclareApiKeyScheme(document);
        return Task.CompletedTask;
    }

    /// <summary>Adds the scheme to the document's components (once), so operations can refer to it.</summary>
    public static void DeclareApiKeyScheme(OpenApiDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes[ApiKeyScheme] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.ApiKey,
            In = ParameterLocation.Header,
            Name = Http.ApiKeyFilter.HeaderName,
            Description = "One of the configured keys: Kasparro:Api:Keys:{id} (with its scope), or an admin key of Kasparro:Api:ApiKey, "
                + "Kasparro:Api:ApiKeys:{n} or a line of Kasparro:Api:ApiKeyFile.",
        };
    }
}
