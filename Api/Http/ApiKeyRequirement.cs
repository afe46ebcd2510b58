namespace Kasparro.Api.Http;

/// <summary>
/// Endpoint metadata saying the endpoint answers only to an <c>X-API-Key</c> of at least
/// <see cref="Scope"/>: it sits beside the <see cref="ApiKeyFilter"/> that enforces it (see
/// <c>ApiKeyEndpoints.RequireApiKey</c>), so the OpenAPI document declares the key, and the scope, on
/// exactly the operations that check it, in the running configuration. When an endpoint carries more
/// than one (its group's and its own), the most specific one, its own, is the one that counts.
/// </summary>
public sealed class ApiKeyRequirement
{
    private static readonly ApiKeyRequirement[] ByScope = [.. Enum.GetValues<ApiScope>().Select(s => new ApiKeyRequirement(s))];

    private ApiKeyRequirement(ApiScope scope) => Scope = scope;

    public ApiScope Scope { get; }

    public static ApiKeyRequirement For(ApiScope scope) =>
        Enum.IsDefined(scope) ? ByScope[(int)scope] : throw new ArgumentOutOfRangeException(nameof(scope), scope, "Not a scope.");

    /// <summary>What <paramref name="endpoint"/> needs: its most specific requirement, or null when it checks no key.</summary>
    public static ApiKeyRequirement? Of(Endpoint? endpoint) => endpoint?.Metadata.GetMetadata<ApiKeyRequirement>();

    public override string ToString() => $"API key of scope {ApiKeyScopes.Name(Scope)}";
}
