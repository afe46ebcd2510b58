using Kasparro.Grains.Hosting;
using Microsoft.Extensions.Configuration;

namespace Kasparro.Tests.Cluster;

public sealed class ReadRetrySettingsTests
{
    private static KasparroSettings Load(params (string Key, string? Value)[] values) =>
        KasparroSettings.Load(new ConfigurationBuilder()
            .AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value)))
            .Build());

    [Fact]
    public void Defaults_are_ten_seconds_in_all_three_per_attempt_and_a_minute_of_degraded_health()
    {
        var settings = Load();

        Assert.Equal((TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(3), TimeSpan.FromMilliseconds(100)),
            (settings.ReadRetry.Budget, settings.ReadRetry.AttemptTimeout, settings.ReadRetry.Backoff));
        Assert.True(settings.ReadRetry.Enabled);
        Assert.Equal(TimeSpan.FromMinutes(1), settings.Health.DegradedAfterSiloDeath);
    }

    [Fact]
    public void Keys_set_their_values_and_a_zero_budget_turns_retries_off()
    {
        var settings = Load(
            ("Kasparro:Cluster:ReadRetry:Budget", "00:00:00"),
            ("Kasparro:Cluster:ReadRetry:AttemptTimeout", "00:00:01"),
            ("Kasparro:Cluster:ReadRetry:Backoff", "00:00:00.250"),
            ("Kasparro:Health:DegradedAfterSiloDeath", "00:00:30"));

        Assert.False(settings.ReadRetry.Enabled);
        Assert.Equal((TimeSpan.FromSeconds(1), TimeSpan.FromMilliseconds(250)), (settings.ReadRetry.AttemptTimeout, settings.ReadRetry.Backoff));
        Assert.Equal(TimeSpan.FromSeconds(30), settings.Health.DegradedAfterSiloDeath);
    }

    [Theory]
    [InlineData("Kasparro:Cluster:ReadRetry:Budget", "ten")]
    [InlineData("Kasparro:Cluster:ReadRetry:AttemptTimeout", "00:00:00")]
    [InlineData("Kasparro:Cluster:ReadRetry:Backoff", "-00:00:01")]
    [InlineData("Kasparro:Cluster:ReadRetry:Budget", "01:00:00")]
    [InlineData("Kasparro:Health:DegradedAfterSiloDeath", "soon")]
    public void A_bad_value_names_its_key(string key, string value) =>
        Assert.Contains(key, Assert.Throws<KasparroConfigurationException>(() => Load((key, value))).Message, StringComparison.Ordinal);
}
