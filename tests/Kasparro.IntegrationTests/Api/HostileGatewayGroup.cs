namespace Kasparro.IntegrationTests.Api;

/// <summary>The hostile request set and the hygiene tests share one gateway on Kestrel.</summary>
[CollectionDefinition(Name)]
public sealed class HostileGatewayGroup : ICollectionFixture<HostileGatewayFixture>
{
    public const string Name = "hostile gateway";
}
