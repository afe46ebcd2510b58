namespace Kasparro.Api.Hosting;

/// <summary>How the gateway reaches the grains.</summary>
public enum GatewayMode
{
    /// <summary>Co-hosts a silo: one process runs the whole system.</summary>
    Standalone,

    /// <summary>An Orleans client that joins silos running elsewhere.</summary>
    Client,
}
