namespace Kasparro.Api.Http;

/// <summary>
/// Endpoint metadata saying the endpoint answers only to a valid <c>X-API-Key</c>: it sits beside the
/// <see cref="ApiKeyFilter"/> that enforces it (see <c>ApiKeyEndpoints.RequireApiKey</c>), so the
/// OpenAPI document declares the key on exactly the operations that check it, in the running configuration.
/// </summary>
public sealed class ApiKeyRequirement
{
    public static readonly ApiKeyRequirement Instance = new();

    private ApiKeyRequirement()
    {
    }
}
