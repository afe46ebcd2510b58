using Kasparro.Grains.Sources;
using Microsoft.Extensions.Configuration;

namespace Kasparro.Grains.Hosting;

/// <summary>
/// The validated <c>Kasparro</c> configuration section as the hosts need it at start-up. Loading
/// throws <see cref="KasparroConfigurationException"/> naming the offending key, so a bad setting
/// stops the process with one clear message instead of a stack trace from deep inside Orleans.
/// </summary>
public sealed record KasparroSettings(
    StorageProvider Storage,
    string? ConnectionString,
    ClusterSettings Cluster)
{
    /// <summary>Apply the SQL migrations when a silo starts (set false when a Job runs them).</summary>
    public bool MigrateOnStart { get; init; } = true;

    /// <summary>How long start-up waits for the database (the reachability check and opening the migrations' connection).</summary>
    public TimeSpan DatabaseTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How long one database statement (or opening a connection for it) may take: the gateway's
    /// reads, grain state, run log, membership and reminders, and the /health probe. Past it the
    /// caller is told the database is unavailable (503). Whole seconds, as the driver counts them.
    /// </summary>
    public TimeSpan CommandTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How long one statement of a batch write (a COPY of a whole batch, its upserts, the mention
    /// linker) or of a migration script may take: far longer than a read, so bulk work is never cut
    /// by the read-sized <see cref="CommandTimeout"/>. Whole seconds.
    /// </summary>
    public TimeSpan WriteTimeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Smallest reminder period the silo accepts; Orleans' default is one minute.</summary>
    public TimeSpan? MinimumReminderPeriod { get; init; }

    /// <summary>The configured sources (<c>Kasparro:Sources</c> over the built-in defaults).</summary>
    public SourceCatalog Sources { get; init; } = new([]);

    /// <summary>How many recent runs a source keeps in its grain state; older ones live in the run log only.</summary>
    public int RunHistoryLimit { get; init; } = 50;

    /// <summary>
    /// A source that has never run starts its first scheduled run as soon as it is scheduled
    /// (moments after start) rather than one interval later, so a new deployment shows data at once.
    /// </summary>
    public bool FirstRunAtStart { get; init; } = true;

    /// <summary>Failure-detection overrides (<c>Kasparro:Cluster:Membership:*</c>); empty keeps Orleans' defaults.</summary>
    public MembershipSettings Membership { get; init; } = new();

    /// <summary>How reads are tried again when a silo is gone (<c>Kasparro:Cluster:ReadRetry:*</c>).</summary>
    public ReadRetrySettings ReadRetry { get; init; } = new();

    /// <summary>What /health counts as degraded about the cluster (<c>Kasparro:Health:*</c>).</summary>
    public HealthSettings Health { get; init; } = new();

    /// <summary>
    /// How long a silo reuses the answer of a query over assets or news (0 turns it off). A batch
    /// committed on the same silo makes every answer stale at once; writes on other silos are seen
    /// after at most this long.
    /// </summary>
    public TimeSpan QueryCacheDuration { get; init; } = TimeSpan.FromSeconds(1);

    public const string QueryCacheDurationKey = "Kasparro:Queries:CacheDuration";

    public const string SectionName = "Kasparro";
    public const string ProviderKey = "Kasparro:Storage:Provider";
    public const string ConnectionStringKey = "ConnectionStrings:Kasparro";
    public const string MigrateOnStartKey = "Kasparro:Storage:MigrateOnStart";
    public const string DatabaseTimeoutKey = "Kasparro:Storage:ConnectTimeout";
    public const string CommandTimeoutKey = "Kasparro:Storage:CommandTimeout";
    public const string WriteTimeoutKey = "Kasparro:Storage:WriteTimeout";
    public const string MinimumReminderPeriodKey = "Kasparro:Reminders:MinimumPeriod";
    public const string RunHistoryLimitKey = "Kasparro:Runs:HistoryLimit";
    public const string FirstRunAtStartKey = "Kasparro:Runs:FirstRunAtStart";

    public static KasparroSettings Load(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);

        var providerText = configuration[ProviderKey];
        StorageProvider provider;
        if (string.IsNullOrWhiteSpace(providerText))
        {
            provider = StorageProvider.InMemory;
        }
        else if (!Enum.TryParse(providerText.Trim(), ignoreCase: true, out provider) || !Enum.IsDefined(provider))
        {
            throw new KasparroConfigurationException(
                $"{ProviderKey} is '{providerText}': expected one of {string.Join(", ", Enum.GetNames<StorageProvider>())}.");
        }

        var connectionString = configuration.GetConnectionString("Kasparro");
        if (provider == StorageProvider.Postgres && string.IsNullOrWhiteSpace(connectionString))
        {
            throw new KasparroConfigurationException(
                $"{ProviderKey} is Postgres but {ConnectionStringKey} is not set " +
                "(environment variable ConnectionStrings__Kasparro).");
        }

        return new KasparroSettings(provider, connectionString, ClusterSettings.Load(configuration))
        {
            MigrateOnStart = Flag(configuration, MigrateOnStartKey, true),
            DatabaseTimeout = Duration(configuration, DatabaseTimeoutKey) ?? TimeSpan.FromSeconds(5),
            CommandTimeout = WholeSeconds(configuration, CommandTimeoutKey, TimeSpan.FromMinutes(10)) ?? TimeSpan.FromSeconds(5),
            WriteTimeout = WholeSeconds(configuration, WriteTimeoutKey, TimeSpan.FromHours(24)) ?? TimeSpan.FromMinutes(5),
            MinimumReminderPeriod = Duration(configuration, MinimumReminderPeriodKey),
            Sources = SourceCatalog.Load(configuration),
            RunHistoryLimit = HistoryLimit(configuration),
            FirstRunAtStart = Flag(configuration, FirstRunAtStartKey, true),
            Membership = MembershipSettings.Load(configuration),
            ReadRetry = ReadRetrySettings.Load(configuration),
            Health = HealthSettings.Load(configuration),
            QueryCacheDuration = CacheDuration(configuration),
        };
    }

    private static int HistoryLimit(IConfiguration configuration) => WholeNumber(configuration, RunHistoryLimitKey, 1, 1000) ?? 50;

    private static TimeSpan CacheDuration(IConfiguration configuration)
    {
        var value = configuration[QueryCacheDurationKey];
        if (string.IsNullOrWhiteSpace(value))
        {
            return TimeSpan.FromSeconds(1);
        }

        return TimeSpan.TryParse(value.Trim(), System.Globalization.CultureInfo.InvariantCulture, out var span)
            && span >= TimeSpan.Zero && span <= TimeSpan.FromMinutes(10)
            ? span
            : throw new KasparroConfigurationException(
                $"{QueryCacheDurationKey} is '{value}': expected a duration from 00:00:00 (off) to 00:10:00.");
    }

    internal static bool Flag(IConfiguration configuration, string key, bool fallback)
    {
        var value = configuration[key];
        if (string.IsNullOrWhiteSpace(value))
        {
            return fallback;
        }

        return bool.TryParse(value.Trim(), out var flag)
            ? flag
            : throw new KasparroConfigurationException($"{PathOf(configuration, key)} is '{value}': expected true or false.");
    }

    /// <summary>The full configuration path of <paramref name="key"/>, for messages.</summary>
    internal static string PathOf(IConfiguration configuration, string key) =>
        configuration is IConfigurationSection section ? $"{section.Path}:{key}" : key;

    /// <summary>A whole number from <paramref name="min"/> to <paramref name="max"/>; null when unset or blank.</summary>
    internal static int? WholeNumber(IConfiguration configuration, string key, int min, int max)
    {
        var value = configuration[key];
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        return int.TryParse(value.Trim(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var number)
            && number >= min && number <= max
            ? number
            : throw new KasparroConfigurationException($"{PathOf(configuration, key)} is '{value}': expected a whole number from {min} to {max}.");
    }

    /// <summary>A duration of whole seconds from one second to <paramref name="max"/>; null when unset or blank.</summary>
    internal static TimeSpan? WholeSeconds(IConfiguration configuration, string key, TimeSpan max)
    {
        var value = configuration[key];
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        return TimeSpan.TryParse(value.Trim(), System.Globalization.CultureInfo.InvariantCulture, out var span)
            && span >= TimeSpan.FromSeconds(1) && span <= max && span.Ticks % TimeSpan.TicksPerSecond == 0
            ? span
            : throw new KasparroConfigurationException(
                $"{PathOf(configuration, key)} is '{value}': expected whole seconds from 00:00:01 to {max:c}.");
    }

    internal static TimeSpan? Duration(IConfiguration configuration, string key)
    {
        var value = configuration[key];
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        return TimeSpan.TryParse(value.Trim(), System.Globalization.CultureInfo.InvariantCulture, out var span) && span > TimeSpan.Zero
            ? span
            : throw new KasparroConfigurationException($"{PathOf(configuration, key)} is '{value}': expected a positive duration such as 00:00:05.");
    }
}
