using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Kasparro.Hosting;

/// <summary>
/// Makes the host's shutdown timeout (<c>shutdownTimeoutSeconds</c>) bind Orleans too. The host cancels
/// the token it stops services with when the timeout passes, but then waits for them anyway; and
/// Orleans' membership agent, with the database gone, keeps trying to record the silo as
/// <c>Stopping</c> for a minute and as <c>Dead</c> for another, whatever the token says. Wrapped, the
/// silo (or client) is given until the token is cancelled; after that the host goes on without it and
/// the process exits. Nothing is lost that a graceful stop would have kept: the grains have had the
/// whole budget to deactivate, and a silo that could not write its own death is declared dead by its
/// peers' probes.
/// </summary>
internal sealed partial class BoundedStop(IHostedService inner, ILogger<BoundedStop> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => inner.StartAsync(cancellationToken);

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        var stopping = inner.StopAsync(cancellationToken);
        try
        {
            await stopping.WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested && !stopping.IsCompleted)
        {
            LogAbandoned(logger, inner.GetType().Name);
            _ = stopping.ContinueWith(static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
        }
    }

    /// <summary>Wraps every hosted service Orleans has registered in <paramref name="services"/> so far.</summary>
    public static void Apply(IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        var orleans = services.Where(d => d.ServiceType == typeof(IHostedService) && !d.IsKeyedService && IsOrleans(d)).ToList();
        foreach (var descriptor in orleans)
        {
            var index = services.IndexOf(descriptor);
            services[index] = ServiceDescriptor.Singleton<IHostedService>(sp =>
                new BoundedStop(Create(descriptor, sp), sp.GetRequiredService<ILogger<BoundedStop>>()));
        }
    }

    private static bool IsOrleans(ServiceDescriptor descriptor)
    {
        var type = descriptor.ImplementationType
            ?? descriptor.ImplementationInstance?.GetType()
            ?? descriptor.ImplementationFactory?.Method.DeclaringType;
        return type?.Assembly.GetName().Name?.StartsWith("Orleans", StringComparison.Ordinal) == true;
    }

    private static IHostedService Create(ServiceDescriptor descriptor, IServiceProvider services) =>
        (IHostedService)(descriptor.ImplementationInstance
            ?? descriptor.ImplementationFactory?.Invoke(services)
            ?? ActivatorUtilities.CreateInstance(services, descriptor.ImplementationType!));

    [LoggerMessage(EventId = 1810, Level = LogLevel.Warning, Message = "{Service} did not finish stopping within the host's shutdown timeout (shutdownTimeoutSeconds); the process exits without waiting for it (is the database reachable?)")]
    private static partial void LogAbandoned(ILogger logger, string service);
}
