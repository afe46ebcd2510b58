using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.DependencyInjection;

namespace Kasparro.Grains.Hosting;

/// <summary>Every HTTP response of the service is snake_case JSON, enums as snake_case strings.</summary>
public static class JsonConventions
{
    /// <summary>
    /// The HTTP options: the conventions, and request bodies that name a property twice refused. HTTP
    /// options match names regardless of case, so this refuses <c>{"enabled":false,"Enabled":true}</c>
    /// too, where the last one would otherwise win.
    /// </summary>
    public static IServiceCollection AddKasparroJson(this IServiceCollection services) =>
        services.ConfigureHttpJsonOptions(o =>
        {
            Apply(o.SerializerOptions);
            o.SerializerOptions.AllowDuplicateProperties = false;
        });

    public static void Apply(JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower;
        options.DictionaryKeyPolicy = JsonNamingPolicy.SnakeCaseLower;
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower));
    }
}
