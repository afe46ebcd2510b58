using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace Kasparro.Api.Endpoints;

/// <summary>
/// Puts examples on an operation of the OpenAPI document. The examples are values of the API's own
/// types, written with the gateway's JSON options when the document is made, so an example can never
/// drift from what the endpoint really answers (snake_case names, dates, nulls).
/// </summary>
public static class OpenApiExamples
{
    private const string Json = "application/json";

    /// <summary>
    /// <paramref name="request"/> (null: none) on the request body, <paramref name="response"/> on the
    /// <paramref name="status"/> answer.
    /// </summary>
    public static RouteHandlerBuilder WithExamples(this RouteHandlerBuilder builder, object? request, object response, int status = StatusCodes.Status200OK) =>
        builder.AddOpenApiOperationTransformer((operation, context, _) =>
        {
            var options = context.ApplicationServices.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
            if (request is not null && operation.RequestBody?.Content?.TryGetValue(Json, out var body) == true && body is Microsoft.OpenApi.OpenApiMediaType bodyType)
            {
                bodyType.Example = Node(request, options);
            }

            var code = status.ToString(System.Globalization.CultureInfo.InvariantCulture);
            if (operation.Responses?.TryGetValue(code, out var answer) == true
                && answer.Content?.TryGetValue(Json, out var content) == true && content is Microsoft.OpenApi.OpenApiMediaType contentType)
            {
                contentType.Example = Node(response, options);
            }

            return Task.CompletedTask;
        });

    private static JsonNode? Node(object value, JsonSerializerOptions options) => JsonSerializer.SerializeToNode(value, value.GetType(), options);
}
