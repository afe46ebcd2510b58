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

    /// <summary>
    /// The gateway's list reads (<see cref="PostgresQueryStore"/>): as <see cref="Commands"/>, with Npgsql's
    /// automatic preparation on, unless the connection string says otherwise (<c>Max Auto Prepare=0</c>
    /// turns it off, as a pooler in transaction mode without prepared-statement support needs):
    /// a statement run <see cref="AutoPrepareMinUsages"/> times on a connection is prepared there, so
    /// its later runs skip parsing and planning. Its own pool, so the statements it prepares are the
    /// lists', never crowded out by the many texts of other stores. Its sessions plan with
    /// <c>random_page_cost</c> <see cref="ReadsRandomPageCost"/> (an <c>Options</c> of the connection
    /// string that sets it wins): the lists' tables are read from memory, and at the server's default
    /// of 4 the planner would sort a few thousand assets rather than walk the index of their order.
    /// And with <c>plan_cache_mode</c> force_custom_plan: a prepared statement skips parsing, but is
    /// planned for its values each time; a generic plan, made for any price range, believes every
    /// range narrow and would sort or scan a wide one (QueryPlanTests found it).
    /// </summary>
    public static string Reads(StorageOptions settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var commands = Commands(settings);
        var given = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = commands };
        var reads = new NpgsqlConnectionStringBuilder(commands);
        // Later -c options win: the connection string's own come after this one.
        reads.Options = $"-c random_page_cost={ReadsRandomPageCost} -c plan_cache_mode=force_custom_plan {reads.Options}".TrimEnd();
        if (!given.ContainsKey("Max Auto Prepare") && !given.ContainsKey("MaxAutoPrepare"))
        {
            reads.MaxAutoPrepare = MaxPreparedReads;
            reads.AutoPrepareMinUsages = AutoPrepareMinUsages;
        }

        return reads.ConnectionString;
    }

    /// <summary>The planner's cost of a random page read in the reads' sessions (1.1: data in memory or on SSD).</summary>
    public const string ReadsRandomPageCost = "1.1";

    /// <summary>Statements a reads connection keeps prepared: every list shape (ListSql) with room to spare.</summary>
    public const int MaxPreparedReads = 100;

    /// <summary>Runs of one statement on one connection before it is prepared there.</summary>
    public const int AutoPrepareMinUsages = 2;

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
