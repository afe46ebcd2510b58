using System.ComponentModel.DataAnnotations;

namespace Kasparro.Grains.Configuration;

/// <summary>
/// Where the cluster keeps its data and how long database work may take (<c>Kasparro:Storage:*</c>),
/// plus the connection string (<c>ConnectionStrings:Kasparro</c>). A start-up decision: read once.
/// </summary>
public sealed class StorageOptions
{
    public const string Section = "Kasparro:Storage";
    public const string ProviderKey = "Kasparro:Storage:Provider";
    public const string ConnectionStringKey = "ConnectionStrings:Kasparro";
    public const string MigrateOnStartKey = "Kasparro:Storage:MigrateOnStart";
    public const string ConnectTimeoutKey = "Kasparro:Storage:ConnectTimeout";
    public const string CommandTimeoutKey = "Kasparro:Storage:CommandTimeout";
    public const string WriteTimeoutKey = "Kasparro:Storage:WriteTimeout";

    public StorageProvider Provider { get; set; } = StorageProvider.InMemory;

    /// <summary>From <c>ConnectionStrings:Kasparro</c> (environment variable <c>ConnectionStrings__Kasparro</c>).</summary>
    public string? ConnectionString { get; set; }

    /// <summary>Apply the SQL migrations when a silo starts (set false when a Job runs them).</summary>
    public bool MigrateOnStart { get; set; } = true;

    /// <summary>How long start-up waits for the database (the reachability check and opening the migrations' connection).</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "1.00:00:00")]
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How long one database statement (or opening a connection for it) may take: the gateway's
    /// reads, grain state, run log, membership and reminders, and the /health probe. Past it the
    /// caller is told the database is unavailable (503). Whole seconds, as the driver counts them.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan CommandTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How long one statement of a batch write (a COPY of a whole batch, its upserts, the mention
    /// linker) or of a migration script may take: far longer than a read. Whole seconds.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan WriteTimeout { get; set; } = TimeSpan.FromMinutes(5);
}
