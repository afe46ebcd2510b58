using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Net.Http.Headers;

namespace Kasparro.Hosting;

/// <summary>
/// What every HTTP answer of both hosts (the gateway and the silo's small web host) shares:
/// <list type="bullet">
/// <item><c>X-Content-Type-Options: nosniff</c>, and a frame policy (<c>X-Frame-Options: DENY</c> and
/// <c>Content-Security-Policy: frame-ancestors 'none'</c>): no page of the service (the /docs page,
/// the dashboard) may be framed by another site, and neither frames its own pages. Set just before
/// the headers go out, so an answer written after the exception handler cleared the headers has them too.</item>
/// <item><c>HEAD</c> wherever <c>GET</c> is served: the request is routed and answered as a GET, with
/// the same status and headers, and the body is thrown away. One place, so a new GET endpoint needs
/// nothing of its own; a 405 lists HEAD beside GET in <c>Allow</c>.</item>
/// <item>No <c>Server</c> header: the answer does not name the web server.</item>
/// </list>
/// </summary>
public static class HttpHygiene
{
    public const string FramePolicy = "frame-ancestors 'none'";

    public static IServiceCollection AddKasparroHttpHygiene(this IServiceCollection services) =>
        services.Configure<KestrelServerOptions>(o => o.AddServerHeader = false);

    /// <summary>
    /// Adds the headers and HEAD handling, then routing: endpoints are matched after a HEAD has become a
    /// GET. Call it first, so that everything after it (the exception handler, status code pages) writes
    /// into the discarded body of a HEAD as well.
    /// </summary>
    public static IApplicationBuilder UseKasparroHttpHygiene(this IApplicationBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.Use(static async (context, next) =>
        {
            context.Response.OnStarting(AddHeaders, context.Response);
            if (!HttpMethods.IsHead(context.Request.Method))
            {
                await next(context);
                return;
            }

            var body = context.Features.GetRequiredFeature<IHttpResponseBodyFeature>();
            context.Features.Set<IHttpResponseBodyFeature>(new DiscardedResponseBody(body, context.RequestAborted));
            context.Request.Method = HttpMethods.Get;
            try
            {
                await next(context);
            }
            finally
            {
                // Logs and metrics record the request as the client sent it.
                context.Request.Method = HttpMethods.Head;
                context.Features.Set(body);
            }
        });
        return app.UseRouting();
    }

    private static Task AddHeaders(object state)
    {
        var response = (HttpResponse)state;
        var headers = response.Headers;
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        if (!headers.ContainsKey(HeaderNames.ContentSecurityPolicy))
        {
            headers.ContentSecurityPolicy = FramePolicy;
        }

        if (response.StatusCode == StatusCodes.Status405MethodNotAllowed && headers.Allow.ToString() is { Length: > 0 } allow)
        {
            headers.Allow = WithHead(allow);
        }

        return Task.CompletedTask;
    }

    /// <summary>An <c>Allow</c> list with HEAD added wherever it has GET (HEAD is answered wherever GET is).</summary>
    public static string WithHead(string allow)
    {
        ArgumentNullException.ThrowIfNull(allow);
        var methods = allow.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        return methods.Contains(HttpMethods.Get, StringComparer.OrdinalIgnoreCase) && !methods.Contains(HttpMethods.Head, StringComparer.OrdinalIgnoreCase)
            ? string.Join(", ", [.. methods, HttpMethods.Head])
            : allow;
    }
}
