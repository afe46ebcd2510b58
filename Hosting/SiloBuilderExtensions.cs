using Kasparro.Grains.Alerts;
using Kasparro.Grains.Configuration;
using Kasparro.Grains.Connectors;
using Kasparro.Grains.Queries;
using Kasparro.Grains.Resilience;
using Kasparro.Grains.Sources;
using Kasparro.Grains.Storage;
using Kasparro.Grains.Telemetry;
using Kasparro.Hosting.Logging;
using Kasparro.Hosting.Telemetry;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Npgsql;
using Orleans.Configuration;
using Orleans.Dashboard;

namespace Kasparro.Hosting;

/// <summary>
/// The one place a Kasparro silo is configured. The headless Silo host and the gateway's
/// standalone mode both call <see cref="AddKasparro(ISiloBuilder)"/>, so they cannot drift apart.
/// </summary>
public static class SiloBuilderExtensions
{
    /// <summary>Configures clustering, endpoints, storage, reminders, the dashboard and telemetry from <c>Kasparro:*</c>.</summary>
    public static ISiloBuilder AddKasparro(this ISiloBuilder silo)
    {
        ArgumentNullException.ThrowIfNull(silo);
        // Start-up decisions, read (and validated) once, before anything starts.
        var storage = KasparroOptions.ReadStorage(silo.Configuration);
        var cluster = KasparroOptions.ReadCluster(silo.Configuration);
        PostgresPreflight.EnsureReachable(storage);
        silo.AddKasparroClustering(storage, cluster);
        // The host's shutdown timeout binds the silo too, database or not.
        BoundedStop.Apply(silo.Services);
        // An outage fails every call alike: its stack traces are written once per ten seconds, not per request.
        ThrottledLoggerFactory.Replace(silo.Services);
        return silo.AddKasparroServices(storage);
    }

    /// <summary>
    /// Membership and endpoints only. Split out so a test harness that brings its own clustering
    /// can still use <see cref="AddKasparroServices"/> unchanged.
    /// </summary>
    public static ISiloBuilder AddKasparroClustering(this ISiloBuilder silo, StorageOptions settings, KasparroClusterOptions cluster)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(cluster);
        if (settings.Provider == StorageProvider.InMemory)
        {
            silo.UseLocalhostClustering(cluster.SiloPort, cluster.GatewayPort, serviceId: cluster.ServiceId, clusterId: cluster.ClusterId);
            return silo;
        }

        silo.Configure<ClusterOptions>(o =>
        {
            o.ClusterId = cluster.ClusterId;
            o.ServiceId = cluster.ServiceId;
        });
        AdvertisedEndpoints.Configure(silo, cluster);
        var commands = PostgresConnections.Commands(settings);
        silo.UseAdoNetClustering(o =>
        {
            o.Invariant = PostgresInvariant;
            o.ConnectionString = commands;
        });
        DeadlineMembershipTable.Decorate(silo.Services, settings.CommandTimeout, commands);
        return silo;
    }

    /// <summary>Grain storage, reminders, start-up checks, the dashboard and telemetry.</summary>
    public static ISiloBuilder AddKasparroServices(this ISiloBuilder silo, StorageOptions settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        silo.Services.AddKasparroOptions(silo.Configuration);

        if (settings.Provider == StorageProvider.InMemory)
        {
            silo.AddMemoryGrainStorage(StorageNames.GrainState);
            silo.UseInMemoryReminderService();
            silo.Services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>, InMemoryStartupWarning>();
            silo.Services.AddSingleton<InMemoryIngestionStore>();
            silo.Services.AddSingleton<IIngestionStore>(sp => sp.GetRequiredService<InMemoryIngestionStore>());
            silo.Services.AddSingleton<IQueryStore>(sp => sp.GetRequiredService<InMemoryIngestionStore>());
            silo.Services.AddSingleton<IMentionStore>(sp => sp.GetRequiredService<InMemoryIngestionStore>());
            silo.Services.AddSingleton<IDriftStore, InMemoryDriftStore>();
            silo.Services.AddSingleton<ISourceEventStore, InMemorySourceEventStore>();
            silo.Services.AddSingleton<IAlertStore, InMemoryAlertStore>();
        }
        else
        {
            silo.Services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>, PostgresStartup>();
            // Reads, the run log and Orleans' own statements get the short command timeout; batch
            // writes and the mention linker (bulk, set-based work) the long write timeout.
            var commands = PostgresConnections.Commands(settings);
            silo.Services.AddSingleton(_ => NpgsqlDataSource.Create(commands));
            silo.Services.AddKeyedSingleton(BatchWritesKey, (_, _) => NpgsqlDataSource.Create(PostgresConnections.BatchWrites(settings)));
            silo.Services.AddSingleton<IIngestionStore>(sp => new PostgresIngestionStore(
                sp.GetRequiredService<NpgsqlDataSource>(), sp.GetRequiredKeyedService<NpgsqlDataSource>(BatchWritesKey)));
            silo.Services.AddKeyedSingleton(ReadsKey, (_, _) => NpgsqlDataSource.Create(PostgresConnections.Reads(settings)));
            silo.Services.AddSingleton<IQueryStore>(sp => new PostgresQueryStore(sp.GetRequiredKeyedService<NpgsqlDataSource>(ReadsKey)));
            silo.Services.AddSingleton<IMentionStore>(sp => new PostgresMentionStore(sp.GetRequiredKeyedService<NpgsqlDataSource>(BatchWritesKey)));
            silo.Services.AddSingleton<IDriftStore, PostgresDriftStore>();
            silo.Services.AddSingleton<ISourceEventStore, PostgresSourceEventStore>();
            silo.Services.AddSingleton<IAlertStore, PostgresAlertStore>();
            silo.AddAdoNetGrainStorage(StorageNames.GrainState, o =>
            {
                o.Invariant = PostgresInvariant;
                o.ConnectionString = commands;
            });
            DatabaseFailureGrainStorage.Decorate(silo.Services, StorageNames.GrainState, settings.CommandTimeout, commands);
            silo.UseAdoNetReminderService(o =>
            {
                o.Invariant = PostgresInvariant;
                o.ConnectionString = commands;
            });
        }

        silo.Services.TryAddSingleton(TimeProvider.System);
        silo.Services.AddSingleton<KasparroMetrics>();
        silo.Services.AddSingleton<SourceDataSignal>();
        silo.Services.AddSingleton<QueryCache>();
        silo.Services.AddSingleton<SourceGauges>();
        silo.Services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(sp => sp.GetRequiredService<SourceGauges>());
        silo.Services.AddKasparroConnectors();
        silo.Services.AddSingleton<SourceRunSettings>();
        var sources = SourceCatalog.Load(silo.Configuration);
        silo.Services.AddSingleton(sources);
        silo.Services.AddSourceHttpClients();
        // Webhook delivery (the guarded client, the sender, the relay loop): silo only, never the client-mode gateway.
        silo.Services.AddAlertDelivery();
        silo.Services.AddSingleton<SourceDefinitionParser>();
        silo.Services.AddSingleton<Kasparro.Grains.Control.SourceDirectory>();
        silo.Services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>, SourceScheduler>();

        // Alerts: the webhooks configuration declares, read (and validated: a bad one stops the start) now and
        // handed to the registry when the silo is active. (Kasparro:Alerts itself is bound with the other options.)
        silo.Services.AddSingleton(WebhookDeclarations.Load(silo.Configuration));
        silo.Services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>, WebhookDeclarer>();

        // Database errors never cross the grain boundary as the driver's own exceptions (which have no codec).
        silo.AddIncomingGrainCallFilter<DatabaseFailureFilter>();
        silo.AddDashboard();
        silo.Services.AddKasparroTelemetry(silo.Configuration);
        if (KasparroTracing.Enabled(silo.Configuration))
        {
            silo.AddActivityPropagation(); // grain calls carry the caller's trace
        }

        silo.Services.AddKasparroHealth();
        return silo;
    }

    /// <summary>The service key of the data source for batch writes (<see cref="PostgresConnections.BatchWrites"/>).</summary>
    public const string BatchWritesKey = "kasparro-batch-writes";

    /// <summary>The service key of the data source for the gateway's list reads (<see cref="PostgresConnections.Reads"/>).</summary>
    public const string ReadsKey = "kasparro-reads";

    /// <summary>The ADO.NET invariant Orleans loads Npgsql by; its default would be SQL Server.</summary>
    public const string PostgresInvariant = "Npgsql";
}
