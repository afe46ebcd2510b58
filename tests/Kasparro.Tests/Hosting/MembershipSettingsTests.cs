using Kasparro.Grains.Hosting;
using Microsoft.Extensions.Configuration;
using Orleans.Configuration;

namespace Kasparro.Tests.Hosting;

public sealed class MembershipSettingsTests
{
    private static MembershipSettings Load(params (string Key, string? Value)[] values) =>
        MembershipSettings.Load(new ConfigurationBuilder()
            .AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>("Kasparro:Cluster:Membership:" + v.Key, v.Value)))
            .Build());

    [Fact]
    public void Nothing_set_keeps_every_Orleans_default()
    {
        var settings = Load();
        var options = new ClusterMembershipOptions();
        var defaults = new ClusterMembershipOptions();

        settings.ApplyTo(options);

        Assert.True(settings.IsEmpty);
        Assert.Equal(defaults.ProbeTimeout, options.ProbeTimeout);
        Assert.Equal(defaults.NumMissedProbesLimit, options.NumMissedProbesLimit);
        Assert.Equal(defaults.NumVotesForDeathDeclaration, options.NumVotesForDeathDeclaration);
        Assert.Equal(defaults.NumProbedSilos, options.NumProbedSilos);
        Assert.Equal(defaults.TableRefreshTimeout, options.TableRefreshTimeout);
        Assert.Equal(defaults.IAmAliveTablePublishTimeout, options.IAmAliveTablePublishTimeout);
        Assert.Equal(defaults.DeathVoteExpirationTimeout, options.DeathVoteExpirationTimeout);
    }

    [Fact]
    public void Set_keys_override_only_themselves()
    {
        var settings = Load(("ProbeTimeout", "00:00:01"), ("NumMissedProbesLimit", "2"), ("TableRefreshTimeout", "00:00:02"));
        var options = new ClusterMembershipOptions();

        settings.ApplyTo(options);

        Assert.False(settings.IsEmpty);
        Assert.Equal(TimeSpan.FromSeconds(1), options.ProbeTimeout);
        Assert.Equal(2, options.NumMissedProbesLimit);
        Assert.Equal(TimeSpan.FromSeconds(2), options.TableRefreshTimeout);
        Assert.Equal(new ClusterMembershipOptions().NumVotesForDeathDeclaration, options.NumVotesForDeathDeclaration);
    }

    [Theory]
    [InlineData("ProbeTimeout", "soon")]
    [InlineData("NumMissedProbesLimit", "0")]
    [InlineData("NumVotesForDeathDeclaration", "two")]
    public void A_bad_value_names_its_key(string key, string value)
    {
        var error = Assert.Throws<KasparroConfigurationException>(() => Load((key, value)));

        Assert.Contains($"Kasparro:Cluster:Membership:{key}", error.Message);
    }
}
