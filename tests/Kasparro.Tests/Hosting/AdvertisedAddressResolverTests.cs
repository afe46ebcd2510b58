using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using Kasparro.Hosting;

namespace Kasparro.Tests.Hosting;

public sealed class AdvertisedAddressResolverTests
{
    private static NetworkInterfaceInfo Nic(
        string name, params string[] addresses) => Nic(name, OperationalStatus.Up, NetworkInterfaceType.Ethernet, hasGateway: false, addresses);

    private static NetworkInterfaceInfo Nic(
        string name, OperationalStatus status, NetworkInterfaceType type, bool hasGateway, params string[] addresses) =>
        new(name, status, type, hasGateway, [.. addresses.Select(IPAddress.Parse)]);

    private static readonly NetworkInterfaceInfo Loopback =
        Nic("lo", OperationalStatus.Unknown, NetworkInterfaceType.Loopback, hasGateway: false, "127.0.0.1", "::1");

    [Fact]
    public void The_configured_address_wins_over_every_interface()
    {
        var choice = AdvertisedAddressResolver.Resolve(IPAddress.Parse("10.9.8.7"), [Loopback, Nic("eth0", "172.28.0.5")]);

        Assert.Equal(new AdvertisedAddressChoice(IPAddress.Parse("10.9.8.7"), AdvertisedAddressSource.Configured, null), choice);
    }

    [Fact]
    public void Unset_a_container_advertises_its_own_interface_address()
    {
        var choice = AdvertisedAddressResolver.Resolve(null, [Loopback, Nic("eth0", OperationalStatus.Up, NetworkInterfaceType.Ethernet, true, "172.28.0.5")]);

        Assert.Equal(new AdvertisedAddressChoice(IPAddress.Parse("172.28.0.5"), AdvertisedAddressSource.Interface, "eth0"), choice);
    }

    [Fact]
    public void Loopback_down_and_link_local_addresses_are_skipped()
    {
        var choice = AdvertisedAddressResolver.Resolve(null,
        [
            Loopback,
            Nic("a-down", OperationalStatus.Down, NetworkInterfaceType.Ethernet, true, "10.0.0.1"),
            Nic("b-lo-alias", OperationalStatus.Up, NetworkInterfaceType.Loopback, false, "10.0.0.2"),
            Nic("c-linklocal", "169.254.3.4", "fe80::1"),
            Nic("d-loopback-address", "127.0.0.2"),
            Nic("e-eth", "192.168.1.20"),
        ]);

        Assert.Equal(("192.168.1.20", "e-eth"), (choice.Address.ToString(), choice.InterfaceName));
    }

    [Fact]
    public void IPv4_is_preferred_and_IPv6_is_used_only_without_it()
    {
        var withBoth = AdvertisedAddressResolver.Resolve(null, [Nic("a", OperationalStatus.Up, NetworkInterfaceType.Ethernet, true, "2001:db8::5"), Nic("b", "10.1.1.1")]);
        var v6Only = AdvertisedAddressResolver.Resolve(null, [Loopback, Nic("eth0", "fe80::2", "fd00::7")]);

        Assert.Equal(IPAddress.Parse("10.1.1.1"), withBoth.Address);
        Assert.Equal((IPAddress.Parse("fd00::7"), AdvertisedAddressSource.Interface), (v6Only.Address, v6Only.Source));
        Assert.Equal(AddressFamily.InterNetworkV6, v6Only.Address.AddressFamily);
    }

    [Fact]
    public void An_interface_with_a_gateway_beats_a_bridge_without_one()
    {
        // A host running containers: docker0 sorts first by name but is not where the default route leaves.
        var choice = AdvertisedAddressResolver.Resolve(null,
            [Nic("docker0", "172.17.0.1"), Nic("eth0", OperationalStatus.Up, NetworkInterfaceType.Ethernet, true, "10.20.30.40")]);

        Assert.Equal(("10.20.30.40", "eth0"), (choice.Address.ToString(), choice.InterfaceName));
    }

    [Fact]
    public void The_choice_is_stable_whatever_order_the_interfaces_are_listed_in()
    {
        NetworkInterfaceInfo[] machine = [Nic("eth1", "10.0.0.9", "10.0.0.3"), Nic("eth0", "10.0.0.8"), Nic("tap0", OperationalStatus.Unknown, NetworkInterfaceType.Unknown, false, "10.0.0.1")];

        var choices = new[] { machine, [.. machine.Reverse()], [machine[1], machine[2], machine[0]] }
            .Select(order => AdvertisedAddressResolver.Resolve(null, order)).Distinct().ToList();
        var sameInterface = AdvertisedAddressResolver.Resolve(null, [Nic("eth1", "10.0.0.9", "10.0.0.3")]);

        Assert.Equal(new AdvertisedAddressChoice(IPAddress.Parse("10.0.0.8"), AdvertisedAddressSource.Interface, "eth0"), Assert.Single(choices));
        Assert.Equal(IPAddress.Parse("10.0.0.3"), sameInterface.Address);
    }

    [Fact]
    public void An_interface_of_unknown_status_counts_when_nothing_is_up()
    {
        var choice = AdvertisedAddressResolver.Resolve(null, [Loopback, Nic("tap0", OperationalStatus.Unknown, NetworkInterfaceType.Unknown, true, "10.0.2.100")]);

        Assert.Equal(("10.0.2.100", "tap0"), (choice.Address.ToString(), choice.InterfaceName));
    }

    [Fact]
    public void Without_another_address_the_silo_falls_back_to_loopback()
    {
        var loopbackOnly = AdvertisedAddressResolver.Resolve(null, [Loopback, Nic("eth0", OperationalStatus.Down, NetworkInterfaceType.Ethernet, true, "10.0.0.1")]);
        var nothing = AdvertisedAddressResolver.Resolve(null, []);

        Assert.Equal(new AdvertisedAddressChoice(IPAddress.Loopback, AdvertisedAddressSource.LoopbackFallback, null), loopbackOnly);
        Assert.Equal(loopbackOnly, nothing);
    }

    [Theory]
    [InlineData("10.0.0.1", true)]
    [InlineData("2001:db8::1", true)]
    [InlineData("127.0.0.1", false)]
    [InlineData("::1", false)]
    [InlineData("169.254.0.1", false)]
    [InlineData("fe80::1", false)]
    [InlineData("224.0.0.1", false)]
    [InlineData("255.255.255.255", false)]
    [InlineData("ff02::1", false)]
    [InlineData("0.0.0.0", false)]
    [InlineData("::", false)]
    public void Advertisable_addresses_are_routable_unicast(string address, bool expected) =>
        Assert.Equal(expected, AdvertisedAddressResolver.Advertisable(IPAddress.Parse(address)));

    [Fact]
    public void On_this_machine_an_unset_address_is_one_of_its_own_and_not_loopback_when_it_has_another()
    {
        var machine = NetworkInterfaceInfo.OfThisMachine();
        var own = machine.Where(n => n.Type != NetworkInterfaceType.Loopback && n.Status is OperationalStatus.Up or OperationalStatus.Unknown)
            .SelectMany(n => n.Addresses).Where(AdvertisedAddressResolver.Advertisable).ToList();

        var choice = AdvertisedAddressResolver.Resolve(null, machine);

        if (own.Count == 0)
        {
            Assert.Equal(AdvertisedAddressSource.LoopbackFallback, choice.Source);
            return;
        }

        Assert.Equal(AdvertisedAddressSource.Interface, choice.Source);
        Assert.Contains(choice.Address, own);
        Assert.False(IPAddress.IsLoopback(choice.Address));
    }
}
