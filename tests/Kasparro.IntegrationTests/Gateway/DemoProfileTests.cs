using Kasparro.Grains.Interfaces.Sources;
using Kasparro.IntegrationTests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Kasparro.IntegrationTests.Gateway;

/// <summary>The documented demo profile runs the pipeline from the shipped samples, with no network.</summary>
public sealed class DemoProfileTests
{
    [Theory]
    [InlineData("coingecko", 300, 0)]
    [InlineData("csv", 67, 4)]
    [InlineData("rss", 4, 0)]
    public async Task The_demo_profile_ingests_the_shipped_samples(string source, int read, int rejected)
    {
        await using var gateway = GatewayFactory.Standalone(connectionString: null, environment: "Demo");
        using var http = gateway.CreateClient(); // starts the host
        var grain = gateway.Services.GetRequiredService<IGrainFactory>().GetGrain<ISourceGrain>(source);

        var started = await grain.TriggerRun();
        var run = await Eventually.Until(async () => (await grain.GetRun(started.RunId))!, r => r.Status != RunStatus.Running, TimeSpan.FromSeconds(60), "the demo run");

        Assert.Equal(RunStatus.Success, run.Status);
        Assert.Equal((read, rejected), ((int)run.RecordsRead, (int)run.RecordsRejected));
    }
}
