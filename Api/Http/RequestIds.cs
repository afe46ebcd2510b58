namespace Kasparro.Api.Http;

/// <summary>
/// Gives every request an id: the caller's <c>X-Request-ID</c> when it is a plain token of at most
/// 64 characters, otherwise a new one. It becomes <see cref="HttpContext.TraceIdentifier"/> (so logs
/// carry it), goes back in the <c>X-Request-ID</c> header, and is <c>request_id</c> in every body.
/// </summary>
public static class RequestIds
{
    public const string HeaderName = "X-Request-ID";

    public static IApplicationBuilder UseRequestIds(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            var given = context.Request.Headers[HeaderName];
            context.TraceIdentifier = given.Count == 1 && IsPlain(given[0]) ? given[0]! : Guid.NewGuid().ToString("N");
            // Set as the headers go out: the exception handler clears the headers of a failed request
            // before it writes the problem, and the header must survive that.
            context.Response.OnStarting(static state =>
            {
                var http = (HttpContext)state;
                http.Response.Headers[HeaderName] = http.TraceIdentifier;
                return Task.CompletedTask;
            }, context);
            await next(context);
        });

    public static bool IsPlain(string? id) =>
        id is { Length: >= 1 and <= 64 } && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or ':');
}
