using Microsoft.AspNetCore.Mvc;

namespace Kasparro.Api.Http;

/// <summary>Guards endpoints with the API key of a scope and says so in their metadata, in one call.</summary>
public static class ApiKeyEndpoints
{
    /// <summary>
    /// Guards endpoints with a key of at least <paramref name="scope"/> (each scope includes the lower
    /// ones). On a group it applies to every endpoint of the group; an endpoint's own call overrides its
    /// group's, in both directions (a group guarded as admin can hold an endpoint that needs operate).
    /// A read scope here always needs a key: an endpoint that should follow
    /// <c>Kasparro:Api:RequireKeyForReads</c> belongs in the reads group without a call of its own.
    /// </summary>
    public static TBuilder RequireApiKey<TBuilder>(this TBuilder builder, ApiScope scope) where TBuilder : IEndpointConventionBuilder
    {
        builder.AddEndpointFilter<TBuilder, ApiKeyFilter>().WithMetadata(ApiKeyRequirement.For(scope), Problem(StatusCodes.Status401Unauthorized));
        // Every key may read: only a higher scope can be refused (403).
        return scope == ApiScope.Read ? builder : builder.WithMetadata(Problem(StatusCodes.Status403Forbidden));
    }

    /// <summary>Guards endpoints with an <c>admin</c> key: what needs a key and does not say which scope needs the highest.</summary>
    public static TBuilder RequireApiKey<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.RequireApiKey(ApiScope.Admin);

    private static ProducesResponseTypeMetadata Problem(int status) => new(status, typeof(ProblemDetails), ["application/problem+json"]);
}
