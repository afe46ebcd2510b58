using Kasparro.Grains.Configuration;
using Kasparro.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Kasparro.Tests.Hosting;

/// <summary>
/// Options as a host sees them: a service collection with the Kasparro options over an in-memory
/// configuration; a bad setting surfaces as the one line a host prints (without its prefix).
/// </summary>
internal static class OptionsHarness
{
    public static IConfigurationRoot Configuration(params (string Key, string? Value)[] values) =>
        new ConfigurationBuilder()
            .AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value)))
            .Build();

    public static ServiceProvider Provider(IConfiguration configuration)
    {
        var services = new ServiceCollection();
        services.AddKasparroOptions(configuration);
        return services.BuildServiceProvider();
    }

    public static T Get<T>(params (string Key, string? Value)[] values)
        where T : class
    {
        using var provider = Provider(Configuration(values));
        try
        {
            return provider.GetRequiredService<IOptions<T>>().Value;
        }
        catch (Exception ex) when (StartupFailure.Describe(ex) is { } line)
        {
            throw new KasparroConfigurationException(line["configuration error: ".Length..], ex);
        }
    }
}
