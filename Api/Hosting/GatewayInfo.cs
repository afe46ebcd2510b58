namespace Kasparro.Api.Hosting;

/// <summary>What the gateway says about itself on <c>/</c>.</summary>
public sealed record GatewayInfo(string Service, string Version, GatewayMode Mode, string StorageProvider);
