using System.Text.Json;
using System.Text.Json.Nodes;
using Kasparro.Grains.Interfaces.Json;

namespace Kasparro.Api.Hosting;

/// <summary>
/// Examples in the OpenAPI document: a request body and responses, written with the API's own JSON
/// conventions (snake_case), so what the document shows is what the endpoint takes and returns.
/// </summary>
public static class OpenApiExamples
{
    private static readonly JsonSerializerOptions Json = Options();

    public static RouteHandlerBuilder WithRequestExample(this RouteHandlerBuilder builder, object example)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var node = JsonSerializer.SerializeToNode(example, Json);
        return builder.AddOpenApiOperationTransformer((operation, _, _) =>
        {
            if (operation.RequestBody?.Content is { } content)
            {
                foreach (var media in content.Values)
                {
                    media.Example = node?.DeepClone();
                }
            }

            return Task.CompletedTask;
        });
    }

    public static RouteHandlerBuilder WithResponseExample(this RouteHandlerBuilder builder, int status, object example)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var node = JsonSerializer.SerializeToNode(example, Json);
        return builder.AddOpenApiOperationTransformer((operation, _, _) =>
        {
            var code = status.ToString(System.Globalization.CultureInfo.InvariantCulture);
            if (operation.Responses?.TryGetValue(code, out var response) == true && response.Content is { } content)
            {
                foreach (var media in content.Values)
                {
                    media.Example = node?.DeepClone();
                }
            }

            return Task.CompletedTask;
        });
    }

    private static JsonSerializerOptions Options()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        JsonConventions.Apply(options);
        return options;
    }

    /// <summary>A JSON object from a literal (for examples whose shape is free-form, such as a definition).</summary>
    public static JsonObject Parse(string json) => JsonNode.Parse(json)!.AsObject();
}
