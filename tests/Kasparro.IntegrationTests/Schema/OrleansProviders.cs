using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;
using Orleans.Configuration;
using Orleans.Messaging;
using Orleans.Runtime.Membership;
using Orleans.Runtime.MembershipService;
using Orleans.Serialization;
using Orleans.Serialization.Activators;
using Orleans.Serialization.Serializers;
using Orleans.Storage;

namespace Kasparro.IntegrationTests.Schema;

/// <summary>
/// The real Orleans 10.4.2 ADO.NET providers, built directly on a test database with invariant
/// "Npgsql". Driving them (rather than re-implementing their calls) proves the schema against
/// the provider's actual parameter binding and result reading.
/// </summary>
internal static class OrleansProviders
{
    public const string Invariant = "Npgsql";

    private static readonly IServiceProvider NoServices = new ServiceCollection().BuildServiceProvider();

    /// <summary>
    /// The same database with a session time zone far from UTC (+12:45/+13:45). Timestamps stored
    /// in a plain "timestamp" column would come back shifted by that offset; timestamptz must not.
    /// </summary>
    public static string WithFarTimeZone(string connectionString) =>
        new NpgsqlConnectionStringBuilder(connectionString) { Timezone = "Pacific/Chatham" }.ConnectionString;

    /// <summary>A silo's membership table; creates the deployment's version row like a starting silo.</summary>
    public static async Task<IMembershipTable> MembershipTableAsync(string connectionString, string clusterId)
    {
        var table = new AdoNetClusteringTable(
            NoServices,
            Options.Create(new ClusterOptions { ClusterId = clusterId, ServiceId = "schema-tests" }),
            Options.Create(new AdoNetClusteringSiloOptions { Invariant = Invariant, ConnectionString = connectionString }),
            NullLogger<AdoNetClusteringTable>.Instance);
        await table.InitializeMembershipTableAsync(tryInitTableVersion: true, CancellationToken.None);
        return table;
    }

    /// <summary>A client's gateway list provider (never creates the version row).</summary>
    public static async Task<IGatewayListProvider> GatewayListProviderAsync(string connectionString, string clusterId)
    {
        var provider = new AdoNetGatewayListProvider(
            NullLogger<AdoNetGatewayListProvider>.Instance,
            NoServices,
            Options.Create(new AdoNetClusteringClientOptions { Invariant = Invariant, ConnectionString = connectionString }),
            Options.Create(new GatewayOptions()),
            Options.Create(new ClusterOptions { ClusterId = clusterId, ServiceId = "schema-tests" }));
        await provider.InitializeGatewayListProviderAsync(CancellationToken.None);
        return provider;
    }

    /// <summary>
    /// The reminder table. AdoNetReminderTable is internal, so it is resolved the way a silo gets
    /// it: through the public registration extension.
    /// </summary>
    public static async Task<IReminderTable> ReminderTableAsync(string connectionString, string serviceId)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.Configure<ClusterOptions>(o =>
        {
            o.ClusterId = "schema-tests";
            o.ServiceId = serviceId;
        });
        services.UseAdoNetReminderService(b => b.Configure(o =>
        {
            o.Invariant = Invariant;
            o.ConnectionString = connectionString;
        }));
        var table = services.BuildServiceProvider().GetRequiredService<IReminderTable>();
        await table.StartAsync(CancellationToken.None);
        return table;
    }

    /// <summary>Grain storage, initialized through a silo lifecycle like in a silo.</summary>
    public static async Task<IGrainStorage> GrainStorageAsync(
        string connectionString, string serviceId, bool deleteStateOnClear = false, IHasher? hasher = null)
    {
        var options = new AdoNetGrainStorageOptions
        {
            Invariant = Invariant,
            ConnectionString = connectionString,
            DeleteStateOnClear = deleteStateOnClear,
            GrainStorageSerializer = new SystemTextJsonGrainStorageSerializer(Options.Create(new SystemTextJsonGrainStorageSerializerOptions())),
            HashPicker = new StorageHasherPicker([hasher ?? new OrleansDefaultHasher()]),
        };
        var storage = new AdoNetGrainStorage(
            new NewInstanceActivatorProvider(),
            NullLogger<AdoNetGrainStorage>.Instance,
            Options.Create(options),
            Options.Create(new ClusterOptions { ClusterId = "schema-tests", ServiceId = serviceId }),
            "schema-tests");
        var lifecycle = new SiloLifecycleSubject(NullLogger<SiloLifecycleSubject>.Instance);
        storage.Participate(lifecycle);
        await lifecycle.OnStart(CancellationToken.None);
        return storage;
    }

    /// <summary>Creates default states the way the provider expects (a new T).</summary>
    private sealed class NewInstanceActivatorProvider : IActivatorProvider
    {
        public IActivator<T> GetActivator<T>() => new NewInstance<T>();

        private sealed class NewInstance<T> : IActivator<T>
        {
            public T Create() => Activator.CreateInstance<T>();
        }
    }
}

/// <summary>A hasher that maps everything to one value: every row collides on both hash columns.</summary>
internal sealed class ConstantHasher : IHasher
{
    public const int Value = 42;

    public string Description => "constant (collision test)";

    public int Hash(byte[] data) => Value;
}
