using Kasparro.Grains.Storage;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Runtime.MembershipService;

namespace Kasparro.Hosting;

/// <summary>
/// Orleans' ADO.NET membership table with a deadline on every call (the provider sets no timeout of
/// its own, and the driver's is no bound on a stalled server; see <see cref="DatabaseDeadline"/>):
/// the management grain's host list, which /health asks for, reads the table, and must fail as
/// quickly as the database probe beside it. A call that failed on a dead pooled connection runs once
/// more on a fresh one: reads are safe to repeat, and every write is conditional on the table's
/// version or the entry's ETag (a repeated insert or update of a row the first already changed
/// answers false, and Orleans reads the table again), or sets the same values again.
/// </summary>
public sealed class DeadlineMembershipTable(IMembershipTable inner, TimeSpan deadline, Action clearPool) : IMembershipTable
{
    // Orleans calls the ...Async methods; the older ones are still part of the interface.
    public Task InitializeMembershipTableAsync(bool tryInitTableVersion, CancellationToken cancellationToken) =>
        Run(ct => inner.InitializeMembershipTableAsync(tryInitTableVersion, ct), cancellationToken);

    public Task DeleteMembershipTableEntriesAsync(string clusterId, CancellationToken cancellationToken) =>
        Run(ct => inner.DeleteMembershipTableEntriesAsync(clusterId, ct), cancellationToken);

    public Task CleanupDefunctSiloEntriesAsync(DateTimeOffset beforeDate, CancellationToken cancellationToken) =>
        Run(ct => inner.CleanupDefunctSiloEntriesAsync(beforeDate, ct), cancellationToken);

    public Task<MembershipTableData> ReadRowAsync(SiloAddress key, CancellationToken cancellationToken) =>
        Run(ct => inner.ReadRowAsync(key, ct), cancellationToken);

    public Task<MembershipTableData> ReadAllAsync(CancellationToken cancellationToken) =>
        Run(inner.ReadAllAsync, cancellationToken);

    public Task<bool> InsertRowAsync(MembershipEntry entry, TableVersion tableVersion, CancellationToken cancellationToken) =>
        Run(ct => inner.InsertRowAsync(entry, tableVersion, ct), cancellationToken);

    public Task<bool> UpdateRowAsync(MembershipEntry entry, string etag, TableVersion tableVersion, CancellationToken cancellationToken) =>
        Run(ct => inner.UpdateRowAsync(entry, etag, tableVersion, ct), cancellationToken);

    public Task UpdateIAmAliveAsync(MembershipEntry entry, CancellationToken cancellationToken) =>
        Run(ct => inner.UpdateIAmAliveAsync(entry, ct), cancellationToken);

    public Task InitializeMembershipTable(bool tryInitTableVersion) => InitializeMembershipTableAsync(tryInitTableVersion, CancellationToken.None);

    public Task DeleteMembershipTableEntries(string clusterId) => DeleteMembershipTableEntriesAsync(clusterId, CancellationToken.None);

    public Task CleanupDefunctSiloEntries(DateTimeOffset beforeDate) => CleanupDefunctSiloEntriesAsync(beforeDate, CancellationToken.None);

    public Task<MembershipTableData> ReadRow(SiloAddress key) => ReadRowAsync(key, CancellationToken.None);

    public Task<MembershipTableData> ReadAll() => ReadAllAsync(CancellationToken.None);

    public Task<bool> InsertRow(MembershipEntry entry, TableVersion tableVersion) => InsertRowAsync(entry, tableVersion, CancellationToken.None);

    public Task<bool> UpdateRow(MembershipEntry entry, string etag, TableVersion tableVersion) =>
        UpdateRowAsync(entry, etag, tableVersion, CancellationToken.None);

    public Task UpdateIAmAlive(MembershipEntry entry) => UpdateIAmAliveAsync(entry, CancellationToken.None);

    /// <summary>Replaces the registered ADO.NET membership table with this wrapper around it; <paramref name="connectionString"/> is the table's.</summary>
    public static void Decorate(IServiceCollection services, TimeSpan deadline, string connectionString)
    {
        ArgumentNullException.ThrowIfNull(services);
        var registered = services.LastOrDefault(d => d.ServiceType == typeof(IMembershipTable) && !d.IsKeyedService)
            ?? throw new InvalidOperationException("No membership table is registered.");
        if (registered.ImplementationType != typeof(AdoNetClusteringTable))
        {
            throw new InvalidOperationException($"The membership table is {registered.ImplementationType}, not Orleans' ADO.NET one.");
        }

        services.Remove(registered);
        services.AddSingleton<IMembershipTable>(sp => new DeadlineMembershipTable(
            ActivatorUtilities.CreateInstance<AdoNetClusteringTable>(sp), deadline, () => PostgresConnections.ClearPool(connectionString)));
    }

    private Task<T> Run<T>(Func<CancellationToken, Task<T>> call, CancellationToken cancellationToken) =>
        DatabaseDeadline.RunIdempotentAsync(call, deadline, clearPool, cancellationToken);

    private Task Run(Func<CancellationToken, Task> call, CancellationToken cancellationToken) =>
        DatabaseDeadline.RunIdempotentAsync(call, deadline, clearPool, cancellationToken);
}
