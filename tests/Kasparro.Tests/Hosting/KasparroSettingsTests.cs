using System.Net;
using Kasparro.Grains.Hosting;
using Microsoft.Extensions.Configuration;

namespace Kasparro.Tests.Hosting;

public sealed class KasparroSettingsTests
{
    private static KasparroSettings Load(params (string Key, string? Value)[] values) =>
        KasparroSettings.Load(new ConfigurationBuilder()
            .AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value)))
            .Build());

    [Fact]
    public void Defaults_are_in_memory_on_the_standard_ports()
    {
        var settings = Load();

        Assert.Equal(StorageProvider.InMemory, settings.Storage);
        Assert.Equal("kasparro-dev", settings.Cluster.ClusterId);
        Assert.Equal("kasparro", settings.Cluster.ServiceId);
        Assert.Equal(11111, settings.Cluster.SiloPort);
        Assert.Equal(30000, settings.Cluster.GatewayPort);
        Assert.Null(settings.Cluster.AdvertisedAddress);
        Assert.True(settings.MigrateOnStart);
        Assert.Null(settings.MinimumReminderPeriod);
        Assert.True(settings.FirstRunAtStart);
    }

    [Fact]
    public void Provider_names_are_case_insensitive()
    {
        var settings = Load(("Kasparro:Storage:Provider", "postgres"), ("ConnectionStrings:Kasparro", "Host=db"));

        Assert.Equal(StorageProvider.Postgres, settings.Storage);
        Assert.Equal("Host=db", settings.ConnectionString);
    }

    [Theory]
    [InlineData("Mongo")]
    [InlineData("7")]
    public void An_unknown_provider_names_the_setting(string provider)
    {
        var error = Assert.Throws<KasparroConfigurationException>(() => Load(("Kasparro:Storage:Provider", provider)));

        Assert.Contains("Kasparro:Storage:Provider", error.Message, StringComparison.Ordinal);
        Assert.Contains(provider, error.Message, StringComparison.Ordinal);
        Assert.Contains("InMemory, Postgres", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Postgres_without_a_connection_string_names_the_setting()
    {
        var error = Assert.Throws<KasparroConfigurationException>(() => Load(("Kasparro:Storage:Provider", "Postgres")));

        Assert.Contains("ConnectionStrings:Kasparro", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Kasparro:Cluster:SiloPort", "0")]
    [InlineData("Kasparro:Cluster:SiloPort", "70000")]
    [InlineData("Kasparro:Cluster:GatewayPort", "http")]
    [InlineData("Kasparro:Cluster:AdvertisedAddress", "not-an-ip")]
    [InlineData("Kasparro:Cluster:ClusterId", "has space")]
    [InlineData("Kasparro:Storage:MigrateOnStart", "sometimes")]
    [InlineData("Kasparro:Reminders:MinimumPeriod", "-00:00:01")]
    [InlineData("Kasparro:Storage:ConnectTimeout", "soon")]
    [InlineData("Kasparro:Runs:FirstRunAtStart", "yes")]
    [InlineData("Kasparro:Storage:CommandTimeout", "00:00:00")]
    [InlineData("Kasparro:Storage:CommandTimeout", "00:00:01.500")]
    [InlineData("Kasparro:Storage:CommandTimeout", "00:11:00")]
    [InlineData("Kasparro:Storage:CommandTimeout", "5")]
    [InlineData("Kasparro:Storage:WriteTimeout", "-00:01:00")]
    [InlineData("Kasparro:Storage:WriteTimeout", "2.00:00:00")]
    public void Bad_values_name_their_key(string key, string value)
    {
        var error = Assert.Throws<KasparroConfigurationException>(() => Load((key, value)));

        Assert.StartsWith(key, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Database_timeouts_default_to_a_short_statement_and_a_long_write()
    {
        var settings = Load();

        Assert.Equal(TimeSpan.FromSeconds(5), settings.DatabaseTimeout);
        Assert.Equal(TimeSpan.FromSeconds(5), settings.CommandTimeout);
        Assert.Equal(TimeSpan.FromMinutes(5), settings.WriteTimeout);
    }

    [Fact]
    public void Database_timeouts_are_read()
    {
        var settings = Load(("Kasparro:Storage:CommandTimeout", "00:00:02"), ("Kasparro:Storage:WriteTimeout", "00:30:00"));

        Assert.Equal(TimeSpan.FromSeconds(2), settings.CommandTimeout);
        Assert.Equal(TimeSpan.FromMinutes(30), settings.WriteTimeout);
    }

    [Fact]
    public void A_bad_command_timeout_says_what_is_expected_in_one_line()
    {
        var error = Assert.Throws<KasparroConfigurationException>(() => Load(("Kasparro:Storage:CommandTimeout", "1.5")));

        Assert.Equal("Kasparro:Storage:CommandTimeout is '1.5': expected whole seconds from 00:00:01 to 00:10:00.", error.Message);
    }

    [Fact]
    public void Cluster_settings_are_read()
    {
        var settings = Load(
            ("Kasparro:Cluster:ClusterId", "prod"),
            ("Kasparro:Cluster:ServiceId", "svc"),
            ("Kasparro:Cluster:SiloPort", "12000"),
            ("Kasparro:Cluster:GatewayPort", "31000"),
            ("Kasparro:Cluster:AdvertisedAddress", "10.1.2.3"),
            ("Kasparro:Reminders:MinimumPeriod", "00:00:05"),
            ("Kasparro:Storage:MigrateOnStart", "false"),
            ("Kasparro:Runs:FirstRunAtStart", "false"));

        Assert.Equal(new ClusterSettings("prod", "svc", 12000, 31000, IPAddress.Parse("10.1.2.3")), settings.Cluster);
        Assert.Equal(TimeSpan.FromSeconds(5), settings.MinimumReminderPeriod);
        Assert.False(settings.MigrateOnStart);
        Assert.False(settings.FirstRunAtStart);
    }
}
