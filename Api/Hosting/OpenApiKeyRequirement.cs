using Kasparro.Api.Http;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Kasparro.Api.Hosting;

/// <summary>
/// Declares the <c>ApiKey</c> security requirement on every operation whose endpoint checks the key
/// (it carries <see cref="ApiKeyRequirement"/>): the writes always, the reads when
/// <c>Kasparro:Api:RequireKeyForReads</c> is true. The /docs page then sends <c>X-API-Key</c> on exactly
/// those. An operation that never checks the key does not list a 401 among its answers.
/// </summary>
internal sealed class OpenApiKeyRequirement : IOpenApiOperationTransformer
{
    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var guarded = context.Description.ActionDescriptor.EndpointMetadata.OfType<ApiKeyRequirement>().Any();
        if (!guarded)
        {
            operation.Responses?.Remove("401");
            return Task.CompletedTask;
        }

        var document = context.Document ?? throw new InvalidOperationException("The OpenAPI document is not available to the operation transformer.");
        OpenApiDescription.DeclareApiKeyScheme(document);
        operation.Security ??= [];
        operation.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(OpenApiDescription.ApiKeyScheme, document)] = [] });
        return Task.CompletedTask;
    }
}
