using Kasparro.Api.Hosting;

namespace Kasparro.Api.Http;

/// <summary>
/// Guards an endpoint group with the <c>X-API-Key</c> header: 403 when no key is configured (the
/// message names the setting), 401 when the header is missing or wrong. The header is never logged.
/// </summary>
public sealed class ApiKeyFilter(ApiSettings settings) : IEndpointFilter
{
    public const string HeaderName = "X-API-Key";

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        if (!settings.KeyConfigured)
        {
            return ApiProblems.Forbidden(
                $"This endpoint needs an API key, and none is configured: set {ApiSettings.ApiKeyKey} (environment variable Kasparro__Api__ApiKey).");
        }

        var headers = context.HttpContext.Request.Headers[HeaderName];
        if (headers.Count != 1 || !settings.Matches(headers[0]))
        {
            context.HttpContext.Response.Headers.WWWAuthenticate = $"ApiKey header=\"{HeaderName}\"";
            return ApiProblems.Unauthorized(headers.Count == 0
                ? $"The {HeaderName} header is missing."
                : $"The {HeaderName} header does not hold the configured key.");
        }

        return await next(context);
    }
}
