using System.Net;
using Kasparro.Grains.Configuration;
using Kasparro.Grains.Queries;
using Kasparro.Grains.Sources;
using Kasparro.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using static Kasparro.Tests.Hosting.OptionsHarness;

namespace Kasparro.Tests.Hosting;

public sealed class StorageAndClusterOptionsTests
{
    [Fact]
    public void Defaults_are_in_memory_on_the_standard_ports()
    {
        var storage = Get<StorageOptions>();
        var cluster = Get<KasparroClusterOptions>();

        Assert.Equal(StorageProvider.InMemory, storage.Provider);
        Assert.Equal(("kasparro-dev", "kasparro", 11111, 30000), (cluster.ClusterId, cluster.ServiceId, cluster.SiloPort, cluster.GatewayPort));
        Assert.Null(cluster.AdvertisedIp());
        Assert.True(storage.MigrateOnStart);
        Assert.Equal(new ReminderOptions().MinimumReminderPeriod, Get<ReminderOptions>().MinimumReminderPeriod);
        Assert.True(Get<RunOptions>().FirstRunAtStart);
        Assert.Equal((TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(5), TimeSpan.FromMinutes(5)), (storage.ConnectTimeout, storage.CommandTimeout, storage.WriteTimeout));
        Assert.Equal(TimeSpan.FromSeconds(1), Get<QueryOptions>().CacheDuration);
    }

    [Fact]
    public void Provider_names_are_case_insensitive()
    {
        var settings = KasparroOptions.ReadStorage(Configuration(("Kasparro:Storage:Provider", "postgres"), ("ConnectionStrings:Kasparro", "Host=db")));

        Assert.Equal(StorageProvider.Postgres, settings.Provider);
        Assert.Equal("Host=db", settings.ConnectionString);
    }

    [Theory]
    [InlineData("Mongo")]
    [InlineData("7")]
    public void An_unknown_provider_names_the_setting(string provider)
    {
        var error = Assert.Throws<KasparroConfigurationException>(() => KasparroOptions.ReadStorage(Configuration(("Kasparro:Storage:Provider", provider))));

        Assert.StartsWith("Kasparro:Storage:Provider is '", error.Message, StringComparison.Ordinal);
        Assert.Contains("InMemory, Postgres", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Postgres_without_a_connection_string_names_the_setting_at_read_and_at_start()
    {
        var read = Assert.Throws<KasparroConfigurationException>(() => KasparroOptions.ReadStorage(Configuration(("Kasparro:Storage:Provider", "Postgres"))));
        var start = Assert.Throws<KasparroConfigurationException>(() => Get<StorageOptions>(("Kasparro:Storage:Provider", "Postgres")));

        Assert.Contains("ConnectionStrings:Kasparro", read.Message, StringComparison.Ordinal);
        Assert.Equal(read.Message, start.Message);
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
    [InlineData("Kasparro:Runs:HistoryLimit", "0")]
    [InlineData("Kasparro:Queries:CacheDuration", "00:11:00")]
    [InlineData("Kasparro:Storage:CommandTimeout", "00:00:00")]
    [InlineData("Kasparro:Storage:CommandTimeout", "00:00:01.500")]
    [InlineData("Kasparro:Storage:CommandTimeout", "00:11:00")]
    [InlineData("Kasparro:Storage:CommandTimeout", "5")]
    [InlineData("Kasparro:Storage:WriteTimeout", "-00:01:00")]
    [InlineData("Kasparro:Storage:WriteTimeout", "2.00:00:00")]
    public void Bad_values_stop_the_start_with_one_line_naming_their_key(string key, string value)
    {
        using var provider = Provider(Configuration((key, value)));
        var error = Assert.ThrowsAny<Exception>(() =>
        {
            _ = provider.GetRequiredService<IOptions<StorageOptions>>().Value;
            _ = provider.GetRequiredService<IOptions<KasparroClusterOptions>>().Value;
            _ = provider.GetRequiredService<IOptions<ReminderOptions>>().Value;
            _ = provider.GetRequiredService<IOptions<RunOptions>>().Value;
            _ = provider.GetRequiredService<IOptions<QueryOptions>>().Value;
        });
        var line = StartupFailure.Describe(error);

        Assert.NotNull(line);
        Assert.StartsWith($"configuration error: {key}", line, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', line);
    }

    [Fact]
    public void Settings_are_read()
    {
        var configuration = Configuration(
            ("Kasparro:Cluster:ClusterId", "prod"), ("Kasparro:Cluster:ServiceId", "svc"),
            ("Kasparro:Cluster:SiloPort", "12000"), ("Kasparro:Cluster:GatewayPort", "31000"),
            ("Kasparro:Cluster:AdvertisedAddress", "10.1.2.3"), ("Kasparro:Reminders:MinimumPeriod", "00:00:05"),
            ("Kasparro:Storage:MigrateOnStart", "false"), ("Kasparro:Runs:FirstRunAtStart", "false"),
            ("Kasparro:Storage:CommandTimeout", "00:00:02"), ("Kasparro:Storage:WriteTimeout", "00:30:00"));
        var cluster = KasparroOptions.ReadCluster(configuration);
        using var provider = Provider(configuration);

        Assert.Equal(("prod", "svc", 12000, 31000, IPAddress.Parse("10.1.2.3")), (cluster.ClusterId, cluster.ServiceId, cluster.SiloPort, cluster.GatewayPort, cluster.AdvertisedIp()));
        Assert.Equal(TimeSpan.FromSeconds(5), provider.GetRequiredService<IOptions<ReminderOptions>>().Value.MinimumReminderPeriod);
        var storage = provider.GetRequiredService<IOptions<StorageOptions>>().Value;
        Assert.Equal((false, TimeSpan.FromSeconds(2), TimeSpan.FromMinutes(30)), (storage.MigrateOnStart, storage.CommandTimeout, storage.WriteTimeout));
        Assert.False(provider.GetRequiredService<IOptions<RunOptions>>().Value.FirstRunAtStart);
    }

    [Fact]
    public void The_query_cache_duration_follows_a_reloaded_configuration()
    {
        var configuration = Configuration(("Kasparro:Queries:CacheDuration", "00:00:02"));
        using var provider = Provider(configuration);
        var monitor = provider.GetRequiredService<IOptionsMonitor<QueryOptions>>();
        Assert.Equal(TimeSpan.FromSeconds(2), monitor.CurrentValue.CacheDuration);

        configuration["Kasparro:Queries:CacheDuration"] = "00:00:00";
        configuration.Reload();

        Assert.Equal(TimeSpan.Zero, monitor.CurrentValue.CacheDuration);
    }
}
