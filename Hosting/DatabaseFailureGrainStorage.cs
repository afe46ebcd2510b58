using Kasparro.Grains.Storage;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;

namespace Kasparro.Hosting;

/// <summary>
/// Wraps the grain state store so a state read that fails with a database error fails with the
/// project's own exception. A read fails while a grain activates, before any of its methods runs,
/// so <see cref="DatabaseFailureFilter"/> never sees it: Orleans rejects the waiting call with the
/// activation's exception, which must be one the caller can deserialize. Every call answers within
/// <paramref name="deadline"/> (Orleans' provider sets no timeout of its own, and the driver's is no
/// bound on a stalled server; see <see cref="DatabaseDeadline"/>), and one that failed on a dead
/// pooled connection runs once more on a fresh one. For a read that is plainly safe. For a write or
/// clear too, though the first may have committed before the connection died: the provider's writes
/// are conditional on the state's version (its ETag), so a second write after a first that did
/// commit changes nothing and fails with <see cref="InconsistentStateException"/>, whereupon Orleans
/// reloads the grain; never a lost or doubled update. Writes' driver errors are left to the filter,
/// which translates them in the grain method that wrote.
/// </summary>
public sealed class DatabaseFailureGrainStorage(IGrainStorage inner, TimeSpan deadline, Action clearPool)
    : IGrainStorage, ILifecycleParticipant<ISiloLifecycle>
{
    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        ReadStateAsync(stateName, grainId, grainState, CancellationToken.None);

    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken) =>
        Translated(DatabaseDeadline.RunIdempotentAsync(
            async ct =>
            {
                await inner.ReadStateAsync(stateName, grainId, grainState, ct);
                return true;
            },
            deadline, clearPool, cancellationToken));

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        WriteStateAsync(stateName, grainId, grainState, CancellationToken.None);

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken) =>
        DatabaseDeadline.RunIdempotentAsync(ct => inner.WriteStateAsync(stateName, grainId, grainState, ct), deadline, clearPool, cancellationToken);

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        ClearStateAsync(stateName, grainId, grainState, CancellationToken.None);

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken) =>
        DatabaseDeadline.RunIdempotentAsync(ct => inner.ClearStateAsync(stateName, grainId, grainState, ct), deadline, clearPool, cancellationToken);

    /// <summary>The provider registers itself as a silo lifecycle participant through its key; keep that working.</summary>
    public void Participate(ISiloLifecycle observer) => (inner as ILifecycleParticipant<ISiloLifecycle>)?.Participate(observer);

    /// <summary>
    /// Replaces the keyed registration of store <paramref name="name"/> with this wrapper around it;
    /// <paramref name="connectionString"/> is the store's, whose pool is cleared when a pooled connection is found dead.
    /// </summary>
    public static void Decorate(IServiceCollection services, string name, TimeSpan deadline, string connectionString)
    {
        ArgumentNullException.ThrowIfNull(services);
        var registered = services.LastOrDefault(d => d.ServiceType == typeof(IGrainStorage) && d.IsKeyedService && Equals(d.ServiceKey, name))
            ?? throw new InvalidOperationException($"No grain storage named '{name}' is registered.");
        var factory = registered.KeyedImplementationFactory
            ?? throw new InvalidOperationException($"The grain storage '{name}' is not registered through a factory.");
        services.Remove(registered);
        services.AddKeyedSingleton<IGrainStorage>(name, (sp, key) =>
            new DatabaseFailureGrainStorage((IGrainStorage)factory(sp, key), deadline, () => PostgresConnections.ClearPool(connectionString)));
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
