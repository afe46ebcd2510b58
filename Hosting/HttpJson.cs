using Kasparro.Grains.Interfaces.Json;
using Microsoft.Extensions.DependencyInjection;

namespace Kasparro.Hosting;

/// <summary>The HTTP side of <see cref="JsonConventions"/>.</summary>
public static class HttpJson
{
    /// <summary>
    /// The HTTP options: the conventions, and request bodies that name a property twice refused. HTTP
    /// options match names regardless of case, so this refuses <c>{"enabled":false,"Enabled":true}</c>
    /// too, where the last one would otherwise win.
    /// </summary>
    public static IServiceCollection AddKasparroJson(this IServiceCollection services) =>
        services.ConfigureHttpJsonOptions(o =>
        {
            JsonConventions.Apply(o.SerializerOptions);
            o.SerializerOptions.AllowDuplicateProperties = false;
        });
}
