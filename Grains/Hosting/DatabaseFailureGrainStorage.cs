using Kasparro.Grains.Storage;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;

namespace Kasparro.Grains.Hosting;

/// <summary>
/// Wraps the grain state store so a state read that fails with a database error fails with the
/// project's own exception. A read fails while a grain activates, before any of its methods runs,
/// so <see cref="DatabaseFailureFilter"/> never sees it: Orleans rejects the waiting call with the
/// activation's exception, which must be one the caller can deserialize. Writes and clears are
/// left as they are; they run inside grain methods, where the filter translates them.
/// </summary>
public sealed class DatabaseFailureGrainStorage(IGrainStorage inner) : IGrainStorage, ILifecycleParticipant<ISiloLifecycle>
{
    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        Translated(inner.ReadStateAsync(stateName, grainId, grainState));

    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken) =>
        Translated(inner.ReadStateAsync(stateName, grainId, grainState, cancellationToken));

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        inner.WriteStateAsync(stateName, grainId, grainState);

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken) =>
        inner.WriteStateAsync(stateName, grainId, grainState, cancellationToken);

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        inner.ClearStateAsync(stateName, grainId, grainState);

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken) =>
        inner.ClearStateAsync(stateName, grainId, grainState, cancellationToken);

    /// <summary>The provider registers itself as a silo lifecycle participant through its key; keep that working.</summary>
    public void Participate(ISiloLifecycle observer) => (inner as ILifecycleParticipant<ISiloLifecycle>)?.Participate(observer);

    /// <summary>Replaces the keyed registration of store <paramref name="name"/> with this wrapper around it.</summary>
    public static void Decorate(IServiceCollection services, string name)
    {
        ArgumentNullException.ThrowIfNull(services);
        var registered = services.LastOrDefault(d => d.ServiceType == typeof(IGrainStorage) && d.IsKeyedService && Equals(d.ServiceKey, name))
            ?? throw new InvalidOperationException($"No grain storage named '{name}' is registered.");
        var factory = registered.KeyedImplementationFactory
            ?? throw new InvalidOperationException($"The grain storage '{name}' is not registered through a factory.");
        services.Remove(registered);
        services.AddKeyedSingleton<IGrainStorage>(name, (sp, key) => new DatabaseFailureGrainStorage((IGrainStorage)factory(sp, key)));
    }

    private static async Task Translated(Task read)
    {
        try
        {
            await read;
        }
        catch (Exception ex) when (DatabaseFailures.Translate(ex) is { } translated)
        {
            throw translated;
        }
    }
}
