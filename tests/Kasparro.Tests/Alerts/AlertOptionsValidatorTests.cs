using Kasparro.Grains.Alerts;
using Kasparro.Grains.Configuration;
using Kasparro.Tests.Hosting;

namespace Kasparro.Tests.Alerts;

/// <summary><c>Kasparro:Alerts</c> bound and checked at start; each bad value names its key.</summary>
public sealed class AlertOptionsValidatorTests
{
    private static AlertOptions Load(params (string Key, string? Value)[] values) =>
        OptionsHarness.Get<AlertOptions>(values.Select(v => ("Kasparro:Alerts:" + v.Key, v.Value)).ToArray());

    [Fact]
    public void The_defaults_are_valid()
    {
        var options = Load();

        Assert.True(options.Enabled);
        Assert.True(options.Lease > options.RequestTimeout);
    }

    [Fact]
    public void Set_keys_are_bound()
    {
        var options = Load(("RequestTimeout", "00:00:02"), ("AllowedHosts:0", "hooks.example.com"), ("BlockPrivateNetworks", "true"));

        Assert.Equal(TimeSpan.FromSeconds(2), options.RequestTimeout);
        Assert.Equal(["hooks.example.com"], options.AllowedHosts);
        Assert.True(options.BlockPrivateNetworks);
    }

    [Theory]
    [InlineData("ConsecutiveFailures", "0")]
    [InlineData("RejectionRate", "0")]
    [InlineData("RejectionRate", "1.5")]
    [InlineData("RejectionRateMinRecords", "-1")]
    [InlineData("GroupWindow", "-00:00:01")]
    [InlineData("MaxDeliveryAge", "00:00:00")]
    [InlineData("FirstRetryDelay", "00:00:00")]
    [InlineData("RequestTimeout", "00:00:00")]
    [InlineData("PollInterval", "-00:00:01")]
    [InlineData("MaxResponseBytes", "1023")]
    [InlineData("Lease", "00:00:10")]
    [InlineData("MaxRetryDelay", "00:00:01")]
    [InlineData("AllowedHosts:0", "https://hooks.example.com/x")]
    public void A_bad_value_names_its_key(string key, string value)
    {
        var error = Assert.Throws<KasparroConfigurationException>(() => Load((key, value)));

        var named = key.Split(':')[0];
        Assert.Contains($"Kasparro:Alerts:{named} ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_zero_group_window_is_allowed()
    {
        Assert.Equal(TimeSpan.Zero, Load(("GroupWindow", "00:00:00")).GroupWindow);
    }

    [Fact]
    public void A_streak_threshold_beyond_the_run_history_is_allowed()
    {
        // The streak is kept in the source's state, not counted in its bounded history (Kasparro:Runs:HistoryLimit, 50).
        Assert.Equal(500, Load(("ConsecutiveFailures", "500")).ConsecutiveFailures);
    }
}
