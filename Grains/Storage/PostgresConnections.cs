using Kasparro.Grains.Configuration;
using Npgsql;

namespace Kasparro.Grains.Storage;

/// <summary>
/// The connection strings a silo uses, each the configured one with the driver's timeouts set from
/// <c>Kasparro:Storage:*</c> (they win over any the connection string names): short statements for
/// everything a request or Orleans waits on, long ones for bulk writes and migrations. Npgsql keeps
/// one pool per distinct string, so the kinds never share connections.
/// </summary>
public static class PostgresConnections
{
    /// <summary>Npgsql's largest connect timeout, in seconds.</summary>
    private const int MaxConnectSeconds = 1024;

    /// <summary>
    /// Reads, grain state, run log, membership and reminders: a statement, and opening the
    /// connection it needs, each within <see cref="StorageOptions.CommandTimeout"/>.
    /// </summary>
    public static string Commands(StorageOptions settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return With(settings.ConnectionString!, settings.CommandTimeout, settings.CommandTimeout);
    }

    /// <summary>Batch writes: connections open as quickly as for <see cref="Commands"/>; each statement may take <see cref="StorageOptions.WriteTimeout"/>.</summary>
    public static string BatchWrites(StorageOptions settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return With(settings.ConnectionString!, settings.CommandTimeout, settings.WriteTimeout);
    }

    /// <summary>Migrations at start-up: connecting waits as long as start-up does; each script may take <see cref="StorageOptions.WriteTimeout"/>.</summary>
    public static string Migrations(StorageOptions settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return With(settings.ConnectionString!, settings.ConnectTimeout, settings.WriteTimeout);
    }

    /// <summary>Closes the idle connections of the pool Npgsql keeps for <paramref name="connectionString"/> (after the server restarted, they are all dead).</summary>
    public static void ClearPool(string connectionString)
    {
        using var connection = new NpgsqlConnection(connectionString);
        NpgsqlConnection.ClearPool(connection);
    }

    private static string With(string connectionString, TimeSpan connect, TimeSpan command) =>
        new NpgsqlConnectionStringBuilder(connectionString)
        {
            Timeout = Math.Min(MaxConnectSeconds, Seconds(connect)),
            CommandTimeout = Seconds(command),
        }.ConnectionString;

    private static int Seconds(TimeSpan span) => Math.Max(1, (int)Math.Ceiling(span.TotalSeconds));
}
