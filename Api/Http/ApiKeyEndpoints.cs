namespace Kasparro.Api.Http;

/// <summary>Guards endpoints with the API key and says so in their metadata, in one call.</summary>
public static class ApiKeyEndpoints
{
    public static TBuilder RequireApiKey<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter<TBuilder, ApiKeyFilter>().WithMetadata(ApiKeyRequirement.Instance);

    /// <summary>Guards endpoints with a key of at least <paramref name="scope"/>.</summary>
    public static TBuilder RequireApiKey<TBuilder>(this TBuilder builder, ApiScope scope) where TBuilder : IEndpointConventionBuilder =>
        scope switch
        {
            _ => builder.RequireApiKey(), // scopes are enforced by the scoped-key change (issue 15)
        };
}
