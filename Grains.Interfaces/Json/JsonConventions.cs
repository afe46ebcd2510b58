using System.Text.Json;
using System.Text.Json.Serialization;

namespace Kasparro.Grains.Interfaces.Json;

/// <summary>
/// Every JSON the service writes (HTTP responses, stored run logs and drift reports) is snake_case,
/// enums as snake_case strings. The HTTP wiring is <c>Kasparro.Hosting.HttpJson</c>.
/// </summary>
public static class JsonConventions
{
    public static void Apply(JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower;
        options.DictionaryKeyPolicy = JsonNamingPolicy.SnakeCaseLower;
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower));
    }
}
