using Kasparro.Grains.Cluster;
using Kasparro.Grains.Configuration;
using Kasparro.Hosting;
using static Kasparro.Tests.Hosting.OptionsHarness;

namespace Kasparro.Tests.Cluster;

public sealed class ReadRetryOptionsTests
{
    [Fact]
    public void Defaults_are_ten_seconds_in_all_three_per_attempt_and_a_minute_of_degraded_health()
    {
        var retry = Get<ReadRetryOptions>();

        Assert.Equal((TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(3), TimeSpan.FromMilliseconds(100)), (retry.Budget, retry.AttemptTimeout, retry.Backoff));
        Assert.True(retry.Enabled);
        Assert.Equal(TimeSpan.FromMinutes(1), Get<HealthOptions>().DegradedAfterSiloDeath);
    }

    [Fact]
    public void Keys_set_their_values_and_a_zero_budget_turns_retries_off()
    {
        (string, string?)[] values =
        [
            ("Kasparro:Cluster:ReadRetry:Budget", "00:00:00"),
            ("Kasparro:Cluster:ReadRetry:AttemptTimeout", "00:00:01"),
            ("Kasparro:Cluster:ReadRetry:Backoff", "00:00:00.250"),
            ("Kasparro:Health:DegradedAfterSiloDeath", "00:00:30"),
        ];
        var retry = Get<ReadRetryOptions>(values);

        Assert.False(retry.Enabled);
        Assert.Equal((TimeSpan.FromSeconds(1), TimeSpan.FromMilliseconds(250)), (retry.AttemptTimeout, retry.Backoff));
        Assert.Equal(TimeSpan.FromSeconds(30), Get<HealthOptions>(values).DegradedAfterSiloDeath);
    }

    [Theory]
    [InlineData("Kasparro:Cluster:ReadRetry:Budget", "ten")]
    [InlineData("Kasparro:Cluster:ReadRetry:AttemptTimeout", "00:00:00")]
    [InlineData("Kasparro:Cluster:ReadRetry:Backoff", "-00:00:01")]
    [InlineData("Kasparro:Cluster:ReadRetry:Budget", "01:00:00")]
    public void A_bad_value_names_its_key(string key, string value) =>
        Assert.StartsWith(key, Assert.Throws<KasparroConfigurationException>(() => Get<ReadRetryOptions>((key, value))).Message, StringComparison.Ordinal);

    [Fact]
    public void A_bad_health_window_names_its_key() =>
        Assert.StartsWith("Kasparro:Health:DegradedAfterSiloDeath", Assert.Throws<KasparroConfigurationException>(
            () => Get<HealthOptions>(("Kasparro:Health:DegradedAfterSiloDeath", "soon"))).Message, StringComparison.Ordinal);
}
