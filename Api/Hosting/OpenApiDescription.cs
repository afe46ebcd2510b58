using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Kasparro.Api.Hosting;

/// <summary>Names the service in the OpenAPI document and declares the X-API-Key scheme the writes use.</summary>
internal sealed class OpenApiDescription(GatewayInfo info) : IOpenApiDocumentTransformer
{
    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Info = new OpenApiInfo
        {
            Title = "Kasparro",
            Version = info.Version,
            Description = "Multi-source crypto ETL on Orleans: assets, news, runs, statistics and sources. " +
                "JSON is snake_case; every response carries request_id and timestamp; errors are application/problem+json. " +
                "POST and PUT need the X-API-Key header.",
        };
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes["ApiKey"] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.ApiKey,
            In = ParameterLocation.Header,
            Name = Http.ApiKeyFilter.HeaderName,
            Description = "The key configured as Kasparro:Api:ApiKey.",
        };
        return Task.CompletedTask;
    }
}
