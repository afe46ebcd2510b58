using Kasparro.Api.Hosting;

namespace Kasparro.Api.Http;

/// <summary>
/// Guards an endpoint with the <c>X-API-Key</c> header and the scope the endpoint needs (its
/// <see cref="ApiKeyRequirement"/>; admin if it carries none): 403 when no key is configured (the
/// message names the setting), 401 when the header is missing or wrong, 403 when the key's scope is
/// below the one needed. A key that passes leaves its id for <see cref="ApiCaller"/>. The header is never logged.
/// </summary>
public sealed class ApiKeyFilter(ApiSettings settings) : IEndpointFilter
{
    public const string HeaderName = "X-API-Key";

    /// <summary>Marks a request this filter has passed; only this class holds the key, so nothing else can set it.</summary>
    private static readonly object Checked = new();

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var http = context.HttpContext;
        var needed = ApiKeyRequirement.Of(http.GetEndpoint())?.Scope ?? ApiScope.Admin;
        if (!settings.KeyConfigured)
        {
            return ApiProblems.Forbidden(
                $"This endpoint needs an API key, and none is configured: set {ApiSettings.ApiKeyKey} (environment variable Kasparro__Api__ApiKey) "
                + $"or {ApiSettings.KeysKey}:{{id}}:Key with {ApiSettings.KeysKey}:{{id}}:Scope.");
        }

        // A group's filter and the endpoint's own both run; both check what the endpoint needs, so the outer one's pass stands.
        if (http.Items.ContainsKey(Checked))
        {
            return await next(context);
        }

        var headers = http.Request.Headers[HeaderName];
        var key = headers.Count == 1 ? settings.Find(headers[0]) : null;
        if (key is null)
        {
            http.Response.Headers.WWWAuthenticate = $"ApiKey header=\"{HeaderName}\"";
            return ApiProblems.Unauthorized(headers.Count == 0
                ? $"The {HeaderName} header is missing."
                : $"The {HeaderName} header does not hold a configured key.");
        }

        if (!key.Scope.Covers(needed))
        {
            return ApiProblems.Forbidden(
                $"This endpoint needs a key of scope '{ApiKeyScopes.Name(needed)}'{(needed == ApiScope.Admin ? "" : " or higher")}; "
                + $"the key '{key.Id}' has scope '{ApiKeyScopes.Name(key.Scope)}'.");
        }

        http.Items[Checked] = true;
        http.Items[ApiCaller.ItemKey] = key.Id;
        return await next(context);
    }
}
