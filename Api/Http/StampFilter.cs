using Kasparro.Api.Contracts;

namespace Kasparro.Api.Http;

/// <summary>Sets <c>request_id</c> and <c>timestamp</c> on the response an endpoint returns, whatever its shape.</summary>
public sealed class StampFilter : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var result = await next(context);
        var value = result is INestedHttpResult nested ? nested.Result : result;
        if ((value as IValueHttpResult)?.Value is ApiResponse response)
        {
            response.RequestId = context.HttpContext.TraceIdentifier;
            response.Timestamp = ApiProblems.Now(context.HttpContext);
        }

        return result;
    }
}
