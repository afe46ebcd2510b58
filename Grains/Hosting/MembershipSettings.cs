using Microsoft.Extensions.Configuration;
using Orleans.Configuration;

namespace Kasparro.Grains.Hosting;

/// <summary>
/// Optional overrides of Orleans' failure detection (<c>Kasparro:Cluster:Membership:*</c>). Every
/// unset key keeps Orleans' own default, which is what production should normally run with; tests
/// and small loopback clusters lower them to notice a killed silo within seconds.
/// </summary>
public sealed record MembershipSettings
{
    public const string Section = "Kasparro:Cluster:Membership";

    /// <summary>Period between probes of a silo, and each probe's timeout (Orleans: 5 s; the effective timeout adapts between half and four times it).</summary>
    public TimeSpan? ProbeTimeout { get; init; }

    /// <summary>Missed probes after which a prober suspects a silo (Orleans: 3).</summary>
    public int? NumMissedProbesLimit { get; init; }

    /// <summary>Suspicions needed to declare a silo dead (Orleans: 2).</summary>
    public int? NumVotesForDeathDeclaration { get; init; }

    /// <summary>How many other silos each silo probes (Orleans: 10).</summary>
    public int? NumProbedSilos { get; init; }

    /// <summary>Period between full reads of the membership table (Orleans: 1 min).</summary>
    public TimeSpan? TableRefreshTimeout { get; init; }

    /// <summary>Period between a silo's heartbeat writes to the membership table (Orleans: 30 s).</summary>
    public TimeSpan? IAmAliveTablePublishTimeout { get; init; }

    /// <summary>How long a suspicion vote counts (Orleans: 2 min).</summary>
    public TimeSpan? DeathVoteExpirationTimeout { get; init; }

    public bool IsEmpty => this == new MembershipSettings();

    public static MembershipSettings Load(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var section = configuration.GetSection(Section);
        return new MembershipSettings
        {
            ProbeTimeout = KasparroSettings.Duration(section, nameof(ProbeTimeout)),
            NumMissedProbesLimit = Count(section, nameof(NumMissedProbesLimit)),
            NumVotesForDeathDeclaration = Count(section, nameof(NumVotesForDeathDeclaration)),
            NumProbedSilos = Count(section, nameof(NumProbedSilos)),
            TableRefreshTimeout = KasparroSettings.Duration(section, nameof(TableRefreshTimeout)),
            IAmAliveTablePublishTimeout = KasparroSettings.Duration(section, nameof(IAmAliveTablePublishTimeout)),
            DeathVoteExpirationTimeout = KasparroSettings.Duration(section, nameof(DeathVoteExpirationTimeout)),
        };
    }

    /// <summary>Copies the keys that are set over Orleans' defaults.</summary>
    public void ApplyTo(ClusterMembershipOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (ProbeTimeout is { } probe)
        {
            options.ProbeTimeout = probe;
        }

        options.NumMissedProbesLimit = NumMissedProbesLimit ?? options.NumMissedProbesLimit;
        options.NumVotesForDeathDeclaration = NumVotesForDeathDeclaration ?? options.NumVotesForDeathDeclaration;
        options.NumProbedSilos = NumProbedSilos ?? options.NumProbedSilos;
        options.TableRefreshTimeout = TableRefreshTimeout ?? options.TableRefreshTimeout;
        options.IAmAliveTablePublishTimeout = IAmAliveTablePublishTimeout ?? options.IAmAliveTablePublishTimeout;
        options.DeathVoteExpirationTimeout = DeathVoteExpirationTimeout ?? options.DeathVoteExpirationTimeout;
    }

    private static int? Count(IConfigurationSection section, string key) => KasparroSettings.WholeNumber(section, key, 1, 100);
}
