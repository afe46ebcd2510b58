using Kasparro.Hosting;

namespace Kasparro.Api.Http;

/// <summary>
/// Retries a read endpoint when it failed because a silo is gone (see <see cref="ReadRetry"/>): the
/// handler runs again, on whichever silos are alive, until it answers or the request's budget
/// (<c>Kasparro:Cluster:ReadRetry:Budget</c>) is spent. Only GET and HEAD: a handler that reads
/// may run twice, one that writes must not. Registered innermost, so stamping and the key check run once.
/// </summary>
public sealed class ReadRetryFilter(ReadRetry retry) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var request = context.HttpContext.Request;
        if (!HttpMethods.IsGet(request.Method) && !HttpMethods.IsHead(request.Method))
        {
            return await next(context);
        }

        return await retry.RunAsync($"{request.Method} {request.Path}", () => next(context).AsTask(), context.HttpContext.RequestAborted);
    }
}
