using Kasparro.Grains.Configuration;
using Orleans.Configuration;
using static Kasparro.Tests.Hosting.OptionsHarness;

namespace Kasparro.Tests.Hosting;

/// <summary><c>Kasparro:Cluster:Membership:*</c> is bound straight onto Orleans' own options.</summary>
public sealed class MembershipOptionsTests
{
    private static ClusterMembershipOptions Load(params (string Key, string? Value)[] values) =>
        Get<ClusterMembershipOptions>(values.Select(v => ("Kasparro:Cluster:Membership:" + v.Key, v.Value)).ToArray());

    [Fact]
    public void Nothing_set_keeps_every_Orleans_default()
    {
        var options = Load();
        var defaults = new ClusterMembershipOptions();

        Assert.Equal(
            (defaults.ProbeTimeout, defaults.NumMissedProbesLimit, defaults.NumVotesForDeathDeclaration, defaults.NumProbedSilos),
            (options.ProbeTimeout, options.NumMissedProbesLimit, options.NumVotesForDeathDeclaration, options.NumProbedSilos));
        Assert.Equal(
            (defaults.TableRefreshTimeout, defaults.IAmAliveTablePublishTimeout, defaults.DeathVoteExpirationTimeout),
            (options.TableRefreshTimeout, options.IAmAliveTablePublishTimeout, options.DeathVoteExpirationTimeout));
    }

    [Fact]
    public void Set_keys_override_only_themselves()
    {
        var options = Load(("ProbeTimeout", "00:00:01"), ("NumMissedProbesLimit", "2"), ("TableRefreshTimeout", "00:00:02"));

        Assert.Equal(TimeSpan.FromSeconds(1), options.ProbeTimeout);
        Assert.Equal(2, options.NumMissedProbesLimit);
        Assert.Equal(TimeSpan.FromSeconds(2), options.TableRefreshTimeout);
        Assert.Equal(new ClusterMembershipOptions().NumVotesForDeathDeclaration, options.NumVotesForDeathDeclaration);
    }

    [Theory]
    [InlineData("ProbeTimeout", "soon")]
    [InlineData("ProbeTimeout", "-00:00:01")]
    [InlineData("NumMissedProbesLimit", "0")]
    [InlineData("NumVotesForDeathDeclaration", "two")]
    public void A_bad_value_names_its_key(string key, string value)
    {
        var error = Assert.Throws<KasparroConfigurationException>(() => Load((key, value)));

        Assert.StartsWith($"Kasparro:Cluster:Membership:{key} is '", error.Message, StringComparison.Ordinal);
    }
}
