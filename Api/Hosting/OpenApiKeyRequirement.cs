using System.Text.Json.Nodes;
using Kasparro.Api.Http;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Kasparro.Api.Hosting;

/// <summary>
/// Declares the <c>ApiKey</c> security requirement on every operation whose endpoint checks the key
/// (it carries <see cref="ApiKeyRequirement"/>): the writes always, the reads when
/// <c>Kasparro:Api:RequireKeyForReads</c> is true. The /docs page then sends <c>X-API-Key</c> on exactly
/// those. Each states the scope it needs, in its description and as <c>x-required-scope</c>. An
/// operation that never checks the key does not list a 401 among its answers.
/// </summary>
internal sealed class OpenApiKeyRequirement : IOpenApiOperationTransformer
{
    public const string ScopeExtension = "x-required-scope";

    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        // The most specific requirement counts, as in ApiKeyFilter: an endpoint's own over its group's.
        var requirement = context.Description.ActionDescriptor.EndpointMetadata.OfType<ApiKeyRequirement>().LastOrDefault();
        if (requirement is null)
        {
            operation.Responses?.Remove("401");
            return Task.CompletedTask;
        }

        var document = context.Document ?? throw new InvalidOperationException("The OpenAPI document is not available to the operation transformer.");
        OpenApiDescription.DeclareApiKeyScheme(document);
        operation.Security ??= [];
        operation.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(OpenApiDescription.ApiKeyScheme, document)] = [] });

        var scope = ApiKeyScopes.Name(requirement.Scope);
        operation.Extensions ??= new Dictionary<string, IOpenApiExtension>();
        operation.Extensions[ScopeExtension] = new JsonNodeExtension(JsonValue.Create(scope));
        var needs = requirement.Scope == ApiScope.Admin
            ? "Needs an X-API-Key of scope admin."
            : $"Needs an X-API-Key of scope {scope} or higher.";
        operation.Description = string.IsNullOrEmpty(operation.Description) ? needs : $"{operation.Description} {needs}";
        return Task.CompletedTask;
    }
}
