using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Kasparro.Hosting.Logging;

/// <summary>
/// Keeps an outage from flooding the log. During a database outage Orleans logs every failed grain
/// activation with its stack trace, several times over (the storage provider, the state bridge, the
/// lifecycle), once per request that needs the grain; an outage of 15 s wrote 190 stack traces. Every
/// logger of the host goes through <see cref="ThrottledLogger"/>: the same failure is written with its
/// stack trace once per ten seconds, with the count of those left out. The gateway's own line per
/// failed request carries no exception and passes; so does its stack trace for a 500, which is a bug.
/// </summary>
public sealed class ThrottledLoggerFactory(ILoggerFactory inner, LogThrottle throttle) : ILoggerFactory
{
    /// <summary>The category whose stack traces are never held back: a 500 is a bug, and each one is worth its trace.</summary>
    public const string UnthrottledCategory = "Kasparro.Api.Http.ApiExceptionHandler";

    public ILogger CreateLogger(string categoryName)
    {
        var logger = inner.CreateLogger(categoryName);
        return categoryName == UnthrottledCategory ? logger : new ThrottledLogger(logger, categoryName, throttle);
    }

    public void AddProvider(ILoggerProvider provider) => inner.AddProvider(provider);

    public void Dispose() => inner.Dispose();

    /// <summary>Puts the throttle in front of the host's logger factory (call after logging is registered).</summary>
    public static void Replace(IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        if (services.Any(d => d.ServiceType == typeof(ThrottledLoggerFactory)))
        {
            return;
        }

        services.AddSingleton<ThrottledLoggerFactory>(sp => new(
            new LoggerFactory(
                sp.GetServices<ILoggerProvider>(),
                sp.GetRequiredService<IOptionsMonitor<LoggerFilterOptions>>(),
                sp.GetService<IOptions<LoggerFactoryOptions>>(),
                sp.GetService<IExternalScopeProvider>()),
            new LogThrottle(sp.GetService<TimeProvider>() ?? TimeProvider.System, LogThrottle.DefaultWindow)));
        var existing = services.Where(d => d.ServiceType == typeof(ILoggerFactory)).ToList();
        foreach (var descriptor in existing)
        {
            services.Remove(descriptor);
        }

        services.AddSingleton<ILoggerFactory>(sp => sp.GetRequiredService<ThrottledLoggerFactory>());
    }
}
