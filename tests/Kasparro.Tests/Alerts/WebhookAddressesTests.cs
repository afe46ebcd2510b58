using System.Net;
using Kasparro.Grains.Alerts;

namespace Kasparro.Tests.Alerts;

/// <summary>Which addresses a webhook may connect to, with and without <c>BlockPrivateNetworks</c>.</summary>
public sealed class WebhookAddressesTests
{
    [Theory]
    [InlineData("169.254.169.254")]
    [InlineData("169.254.0.1")]
    [InlineData("fe80::1")]
    [InlineData("::ffff:169.254.169.254")]
    public void Link_local_is_refused_always(string address)
    {
        Assert.NotNull(WebhookAddresses.Refusal(IPAddress.Parse(address), blockPrivateNetworks: false));
    }

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("10.1.2.3")]
    [InlineData("172.16.0.1")]
    [InlineData("172.31.255.255")]
    [InlineData("192.168.1.1")]
    [InlineData("0.0.0.0")]
    [InlineData("::1")]
    [InlineData("fd00::1")]
    [InlineData("fc00::1")]
    [InlineData("::ffff:127.0.0.1")]
    [InlineData("::ffff:10.0.0.1")]
    public void Loopback_and_private_are_refused_only_when_blocked(string address)
    {
        var ip = IPAddress.Parse(address);

        Assert.Null(WebhookAddresses.Refusal(ip, blockPrivateNetworks: false));
        Assert.Contains("BlockPrivateNetworks", WebhookAddresses.Refusal(ip, blockPrivateNetworks: true), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("93.184.216.34")]
    [InlineData("172.32.0.1")]
    [InlineData("192.169.0.1")]
    [InlineData("2606:2800:220:1::1")]
    [InlineData("::ffff:93.184.216.34")]
    public void Public_addresses_are_allowed(string address)
    {
        Assert.Null(WebhookAddresses.Refusal(IPAddress.Parse(address), blockPrivateNetworks: true));
    }
}
