using Kasparro.IntegrationTests.Grains;
using Kasparro.IntegrationTests.Infrastructure;
using Npgsql;

namespace Kasparro.IntegrationTests.Clustering;

/// <summary>Two real silos on the project's schema form one cluster and cover for each other.</summary>
public sealed class PostgresMembershipTests(PostgresClusterFixture db) : IClassFixture<PostgresClusterFixture>
{
    [Fact]
    public async Task Two_silos_form_one_cluster_and_either_gateway_reaches_the_same_grain()
    {
        var clusterId = PostgresClusterFixture.NewClusterId();
        await using var siloA = await TestSilo.StartNetworkedAsync(clusterId, db.ConnectionString);
        await using var siloB = await TestSilo.StartNetworkedAsync(clusterId, db.ConnectionString);

        var active = await Eventually.Until(
            () => ActiveSiloPortsAsync(clusterId), ports => ports.Count == 2, TimeSpan.FromSeconds(30), "two active silos");
        Assert.Equal(new[] { siloA.SiloPort, siloB.SiloPort }.Order(), active.Order());

        await using (var viaA = await TestClient.StartPinnedAsync(clusterId, siloA.Gateway))
        {
            Assert.Equal(1, (await viaA.Client.GetGrain<IProbeStateGrain>("shared").Increment()).Count);
        }

        await using var viaB = await TestClient.StartPinnedAsync(clusterId, siloB.Gateway);
        Assert.Equal(2, (await viaB.Client.GetGrain<IProbeStateGrain>("shared").Increment()).Count);
    }

    [Fact]
    public async Task When_a_silo_stops_its_grains_come_back_on_the_other_with_their_state()
    {
        var clusterId = PostgresClusterFixture.NewClusterId();
        var siloA = await TestSilo.StartNetworkedAsync(clusterId, db.ConnectionString);
        await using var siloB = await TestSilo.StartNetworkedAsync(clusterId, db.ConnectionString);
        await using var client = await TestClient.StartAsync(clusterId, db.ConnectionString);
        await Eventually.Until(() => ActiveSiloPortsAsync(clusterId), p => p.Count == 2, TimeSpan.FromSeconds(30), "two active silos");

        // Grains until placement has put some on silo A (bounded); each gets a distinct count.
        var before = new Dictionary<string, ProbeSnapshot>();
        for (var i = 0; i < 64 && (i < 16 || before.Values.Count(s => s.Silo == siloA.Address) < 3); i++)
        {
            var grain = client.Client.GetGrain<IProbeStateGrain>($"g{i}");
            for (var n = 0; n <= i % 3; n++)
            {
                before[$"g{i}"] = await grain.Increment();
            }
        }

        var onA = before.Where(kv => kv.Value.Silo == siloA.Address).Select(kv => kv.Key).ToArray();
        Assert.NotEmpty(onA);

        await siloA.DisposeAsync();

        foreach (var key in onA)
        {
            var after = await Eventually.Until(
                () => client.Client.GetGrain<IProbeStateGrain>(key).Read(),
                s => s.Silo == siloB.Address,
                TimeSpan.FromSeconds(30),
                $"grain {key} to be reactivated on silo B");
            Assert.Equal(before[key].Count, after.Count);
            Assert.NotEqual(before[key].ActivationId, after.ActivationId);
        }

        // A silo that could not finish stopping in time is declared dead by the other a little later.
        var active = await Eventually.Until(() => ActiveSiloPortsAsync(clusterId), p => p.Count == 1, TimeSpan.FromSeconds(60), "one active silo");
        Assert.Equal([siloB.SiloPort], active);
    }

    private async Task<List<int>> ActiveSiloPortsAsync(string clusterId)
    {
        await using var connection = new NpgsqlConnection(db.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT port FROM orleansmembershiptable WHERE deploymentid = @d AND status = 3", connection);
        command.Parameters.AddWithValue("d", clusterId);
        var ports = new List<int>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            ports.Add(reader.GetInt32(0));
        }

        return ports;
    }
}
