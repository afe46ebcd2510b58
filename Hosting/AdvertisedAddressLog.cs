using System.Net;
using Microsoft.Extensions.Logging;

namespace Kasparro.Hosting;

/// <summary>Which address a silo advertises, and why (<see cref="AdvertisedAddressResolver"/>). Event ids 2150–2169.</summary>
internal static partial class AdvertisedAddressLog
{
    /// <summary>The log category, so an operator can find (or filter) these lines by name.</summary>
    public const string Category = "Kasparro.Hosting.AdvertisedAddress";

    public static void Chosen(this ILogger logger, AdvertisedAddressChoice choice, string key)
    {
        ArgumentNullException.ThrowIfNull(choice);
        switch (choice.Source)
        {
            case AdvertisedAddressSource.Configured:
                logger.Configured(choice.Address, key);
                break;
            case AdvertisedAddressSource.Interface:
                logger.FromInterface(choice.Address, choice.InterfaceName ?? "?", key);
                break;
            default:
                logger.LoopbackFallback(choice.Address, key);
                break;
        }
    }

    [LoggerMessage(EventId = 2150, Level = LogLevel.Information, Message = "This silo advertises {Address}: configured by {Key}")]
    private static partial void Configured(this ILogger logger, IPAddress address, string key);

    [LoggerMessage(EventId = 2151, Level = LogLevel.Information,
        Message = "This silo advertises {Address}, the address of network interface {Interface} ({Key} is unset)")]
    private static partial void FromInterface(this ILogger logger, IPAddress address, string @interface, string key);

    [LoggerMessage(EventId = 2152, Level = LogLevel.Warning,
        Message = "This silo advertises loopback ({Address}): {Key} is unset and no network interface has another address. " +
        "Only silos and clients on this machine can reach it; set {Key} to an address the others can reach.")]
    private static partial void LoopbackFallback(this ILogger logger, IPAddress address, string key);
}
