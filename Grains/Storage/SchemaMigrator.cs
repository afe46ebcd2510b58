using DbUp;
using DbUp.Engine.Output;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Kasparro.Grains.Storage;

/// <summary>
/// Applies the project's versioned SQL migrations (deploy/migrations, embedded in this assembly)
/// with DbUp. A PostgreSQL advisory lock serializes silos that start at the same moment: the first
/// applies what is missing, the others wait, then find the journal complete and apply nothing.
/// </summary>
public static class SchemaMigrator
{
    /// <summary>The journal table DbUp records applied scripts in.</summary>
    public const string JournalTable = "kasparro_schema_journal";

    /// <summary>Advisory lock key: the ASCII bytes of "KASPMIGR", so it is recognisable in pg_locks.</summary>
    public const long AdvisoryLockKey = 0x4B4153504D494752;

    private const string ResourcePrefix = "Kasparro.Migrations.";

    /// <summary>Names of the migration scripts shipped with this build, in the order they apply.</summary>
    public static IReadOnlyList<string> ScriptNames { get; } = typeof(SchemaMigrator).Assembly
        .GetManifestResourceNames()
        .Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal))
        .Order(StringComparer.Ordinal)
        .ToArray();

    /// <summary>
    /// Applies every migration not yet in the journal; returns the names of those it applied. The
    /// connection string's timeouts bound each step: connecting, waiting for another silo's
    /// migrations (the lock), and each script. A failed script throws <see cref="SchemaMigrationException"/>
    /// naming it; a database that cannot be reached throws the driver's exception.
    /// </summary>
    public static async Task<IReadOnlyList<string>> MigrateAsync(
        string connectionString, ILogger logger, CancellationToken cancellationToken = default)
    {
        await using var lockConnection = new NpgsqlConnection(connectionString);
        await lockConnection.OpenAsync(cancellationToken);
        await using (var take = new NpgsqlCommand("SELECT pg_advisory_lock(@key)", lockConnection))
        {
            // Another silo may be migrating: wait for it, as long as one statement may take.
            take.Parameters.AddWithValue("key", AdvisoryLockKey);
            await take.ExecuteNonQueryAsync(cancellationToken);
        }

        try
        {
            var upgrader = DeployChanges.To
                .PostgresqlDatabase(connectionString)
                .WithScriptsEmbeddedInAssembly(typeof(SchemaMigrator).Assembly, n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal))
                .JournalToPostgresqlTable("public", JournalTable)
                .WithTransactionPerScript()
                .WithVariablesDisabled() // PL/pgSQL dollar quoting must reach the server untouched
                .LogTo(new DbUpLogAdapter(logger))
                .Build();

            // DbUp is synchronous; this runs once at start-up, before any grain is activated.
            var result = await Task.Run(upgrader.PerformUpgrade, cancellationToken);
            if (!result.Successful)
            {
                throw SchemaMigrationException.For(FileName(result.ErrorScript?.Name), result.Error);
            }

            var applied = result.Scripts.Select(s => s.Name).ToArray();
            logger.MigrationsApplied(applied.Length, ScriptNames.Count);
            return applied;
        }
        finally
        {
            await ReleaseAsync(lockConnection);
        }
    }

    /// <summary>
    /// Gives the lock back. When the database went away, so did the session and its lock: failing
    /// here too would only hide why the migrations failed.
    /// </summary>
    private static async Task ReleaseAsync(NpgsqlConnection lockConnection)
    {
        try
        {
            await using var release = new NpgsqlCommand("SELECT pg_advisory_unlock(@key)", lockConnection);
            release.Parameters.AddWithValue("key", AdvisoryLockKey);
            await release.ExecuteNonQueryAsync(CancellationToken.None);
        }
        catch (Exception ex) when (ex is NpgsqlException or InvalidOperationException)
        {
            // The session is gone and its lock with it.
        }
    }

    /// <summary>A script's file name in deploy/migrations, from its resource name; null when there is none.</summary>
    internal static string? FileName(string? resourceName) => string.IsNullOrEmpty(resourceName)
        ? null
        : resourceName.StartsWith(ResourcePrefix, StringComparison.Ordinal) ? resourceName[ResourcePrefix.Length..] : resourceName;

    /// <summary>
    /// DbUp logs composite-format strings; they are formatted here and logged as one message. A
    /// failure is logged as one line (its message and causes): the exception that ends the start
    /// says the same, and a driver's stack trace tells an operator nothing.
    /// </summary>
    private sealed class DbUpLogAdapter(ILogger logger) : IUpgradeLog
    {
        public void LogTrace(string format, params object[] args) => Log(LogLevel.Trace, format, args);
        public void LogDebug(string format, params object[] args) => Log(LogLevel.Debug, format, args);
        public void LogInformation(string format, params object[] args) => Log(LogLevel.Debug, format, args);
        public void LogWarning(string format, params object[] args) => Log(LogLevel.Warning, format, args);
        public void LogError(string format, params object[] args) => Log(LogLevel.Error, format, args);
        public void LogError(Exception ex, string format, params object[] args) => Log(LogLevel.Error, format + " ({" + args.Length + "})", [.. args, ex]);

        private void Log(LogLevel level, string format, object[] args)
        {
            if (logger.IsEnabled(level))
            {
                var texts = args.Select(a => a is Exception e ? ErrorText.OneLine(e) : a).ToArray();
                var text = string.Format(System.Globalization.CultureInfo.InvariantCulture, format, texts);
                // DbUp hands over failures already formatted, stack trace and all: the first line says what failed.
                logger.DbUp(level, level >= LogLevel.Warning ? text.Split('\n')[0].TrimEnd() : text);
            }
        }
    }
}
