using Kasparro.Grains.Alerts;
using Kasparro.Grains.Cluster;
using Kasparro.Grains.Configuration;
using Kasparro.Grains.Queries;
using Kasparro.Grains.Sources;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Configuration;

namespace Kasparro.Hosting;

/// <summary>
/// Every <c>Kasparro:*</c> options class, bound by the configuration-binder source generator and
/// validated by generated validators plus rules for what spans fields, each with
/// <c>ValidateOnStart</c>. Start-up decisions (provider, ports, sources) are also read here once,
/// while the host is configured, so a bad one stops the process before anything starts.
/// </summary>
public static class KasparroOptions
{
    public static StorageOptions ReadStorage(IConfiguration configuration) =>
        OptionsFailures.Read(() => BindStorage(configuration), new StorageOptionsValidator(), new StorageRules());

    /// <summary>The storage provider's name, validated as <see cref="ReadStorage"/> does: for a host that only shows it (the gateway's <c>/</c>).</summary>
    public static string ReadStorageProviderName(IConfiguration configuration) => ReadStorage(configuration).Provider.ToString();

    /// <summary>
    /// Binds with <paramref name="bind"/> and validates now, for the gateway's own settings: a bad one
    /// throws the configuration error that <see cref="StartupFailure"/> prints as one line (exit code 2).
    /// </summary>
    public static TOptions Read<TOptions>(Func<TOptions> bind, params IValidateOptions<TOptions>[] validators)
        where TOptions : class => OptionsFailures.Read(bind, validators);

    /// <summary>A bad setting found by hand (a key file that cannot be read), reported like any other.</summary>
    public static Exception Invalid(string message) => new KasparroConfigurationException(message);

    public static KasparroClusterOptions ReadCluster(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return OptionsFailures.Read(
            () => configuration.GetSection(KasparroClusterOptions.Section).Get<KasparroClusterOptions>() ?? new(),
            new SectionValidator<KasparroClusterOptions>(KasparroClusterOptions.Section, new KasparroClusterOptionsValidator()),
            new KasparroClusterRules());
    }

    /// <summary>Registers the options a silo and a client share; the sources are read (and validated) at once.</summary>
    public static IServiceCollection AddKasparroOptions(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        // Each Bind names its type: the binder's source generator cannot generate for a generic helper (SYSLIB1104).
        services.AddOptions<StorageOptions>().Bind(configuration.GetSection(StorageOptions.Section))
            .Configure(o => o.ConnectionString = configuration.GetConnectionString("Kasparro")).ValidateOnStart();
        Validate(services, StorageOptions.Section, new StorageOptionsValidator());
        services.AddSingleton<IValidateOptions<StorageOptions>, StorageRules>();

        services.AddOptions<KasparroClusterOptions>().Bind(configuration.GetSection(KasparroClusterOptions.Section)).ValidateOnStart();
        Validate(services, KasparroClusterOptions.Section, new KasparroClusterOptionsValidator());
        services.AddSingleton<IValidateOptions<KasparroClusterOptions>, KasparroClusterRules>();

        services.AddOptions<ReadRetryOptions>().Bind(configuration.GetSection(ReadRetryOptions.Section)).ValidateOnStart();
        Validate(services, ReadRetryOptions.Section, new ReadRetryOptionsValidator());
        services.AddOptions<HealthOptions>().Bind(configuration.GetSection(HealthOptions.Section)).ValidateOnStart();
        Validate(services, HealthOptions.Section, new HealthOptionsValidator());
        services.AddOptions<QueryOptions>().Bind(configuration.GetSection(QueryOptions.Section)).ValidateOnStart();
        Validate(services, QueryOptions.Section, new QueryOptionsValidator());
        services.AddOptions<RunOptions>().Bind(configuration.GetSection(RunOptions.Section)).ValidateOnStart();
        Validate(services, RunOptions.Section, new RunOptionsValidator());
        services.AddOptions<AlertOptions>().Bind(configuration.GetSection(AlertOptions.SectionName)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<AlertOptions>, AlertOptionsValidator>();

        // Orleans' own options, bound straight from our keys: an unset key keeps Orleans' default.
        services.AddOptions<ClusterMembershipOptions>().Bind(configuration.GetSection(MembershipRules.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<ClusterMembershipOptions>, MembershipRules>();
        services.AddOptions<ReminderOptions>().Configure(o =>
        {
            if (configuration.GetValue<TimeSpan?>(ReminderRules.MinimumPeriodKey) is { } period)
            {
                o.MinimumReminderPeriod = period;
            }
        }).ValidateOnStart();
        services.AddSingleton<IValidateOptions<ReminderOptions>, ReminderRules>();

        services.AddOptions<KasparroSourcesOptions>().Bind(configuration.GetSection(KasparroSourcesOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<KasparroSourcesOptions>, SourceRules>();
        return services;
    }

    private static StorageOptions BindStorage(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var options = configuration.GetSection(StorageOptions.Section).Get<StorageOptions>() ?? new();
        options.ConnectionString = configuration.GetConnectionString("Kasparro");
        return options;
    }

    private static void Validate<TOptions>(IServiceCollection services, string section, IValidateOptions<TOptions> generated)
        where TOptions : class =>
        services.AddSingleton<IValidateOptions<TOptions>>(new SectionValidator<TOptions>(section, generated));
}
