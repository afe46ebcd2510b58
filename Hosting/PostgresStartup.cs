using Kasparro.Grains.Configuration;
using Kasparro.Grains.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Kasparro.Hosting;

/// <summary>
/// First thing a Postgres-backed silo does when it starts: bring the schema up to date. It runs at
/// the very first lifecycle stage, before the ADO.NET providers read their queries from it.
/// (Reachability was already checked when the silo was configured; see <see cref="PostgresPreflight"/>.)
/// </summary>
internal sealed class PostgresStartup(IOptions<StorageOptions> options, ILogger<PostgresStartup> logger)
    : ILifecycleParticipant<ISiloLifecycle>
{
    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(PostgresStartup), ServiceLifecycleStage.First, StartAsync);

    private async Task StartAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        if (!settings.MigrateOnStart)
        {
            logger.MigrationsSkipped(StorageOptions.MigrateOnStartKey);
            return;
        }

        await SchemaMigrator.MigrateAsync(PostgresConnections.Migrations(settings), logger, cancellationToken);
    }
}
