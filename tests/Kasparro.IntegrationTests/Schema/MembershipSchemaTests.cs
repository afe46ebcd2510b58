using Kasparro.IntegrationTests.Infrastructure;
using static Kasparro.IntegrationTests.Schema.MembershipRows;

namespace Kasparro.IntegrationTests.Schema;

/// <summary>
/// The clustering keys of 0002_orleans_clustering.sql, driven through the real
/// AdoNetClusteringTable and AdoNetGatewayListProvider (the cases of the upstream
/// MembershipTableTestsBase). Every test uses a deployment of its own.
/// </summary>
public sealed partial class MembershipSchemaTests(MigratedDatabaseFixture db) : IClassFixture<MigratedDatabaseFixture>
{
    [Fact]
    public async Task GetGateways_returns_only_active_silos_with_a_proxy_port()
    {
        var clusterId = NewClusterId();
        var table = await OrleansProviders.MembershipTableAsync(db.ConnectionString, clusterId);
        var gateway = Entry(SiloStatus.Active, proxyPort: 30001);
        await InsertAsync(table, gateway);
        await InsertAsync(table, Entry(SiloStatus.Active, proxyPort: 0));
        await InsertAsync(table, Entry(SiloStatus.Joining, proxyPort: 30002));
        await InsertAsync(table, Entry(SiloStatus.Dead, proxyPort: 30003));

        var provider = await OrleansProviders.GatewayListProviderAsync(db.ConnectionString, clusterId);
        var gateways = await provider.GetGatewaysAsync();

        var endpoint = gateway.SiloAddress.Endpoint;
        Assert.Equal([new Uri($"gwy.tcp://{endpoint.Address}:30001/{gateway.SiloAddress.Generation}")], gateways);
    }

    [Fact]
    public async Task ReadAll_on_an_empty_deployment_returns_version_zero_and_no_members()
    {
        var table = await OrleansProviders.MembershipTableAsync(db.ConnectionString, NewClusterId());

        var data = await table.ReadAllAsync();

        Assert.Empty(data.Members);
        Assert.Equal(0, data.Version.Version);
        Assert.Equal("0", data.Version.VersionEtag);
    }

    [Fact]
    public async Task InsertRow_refuses_a_stale_version_and_a_duplicate_without_bumping()
    {
        var clusterId = NewClusterId();
        var table = await OrleansProviders.MembershipTableAsync(db.ConnectionString, clusterId);
        var entry = Entry();
        var stale = (await table.ReadAllAsync()).Version.Next();

        Assert.True(await table.InsertRowAsync(entry, stale));
        Assert.False(await table.InsertRowAsync(entry, stale));   // same entry, stale version
        Assert.False(await table.InsertRowAsync(Entry(), stale)); // new entry, stale version
        Assert.Equal(1, await StoredVersionAsync(db.ConnectionString, clusterId));

        var current = (await table.ReadAllAsync()).Version;
        Assert.False(await table.InsertRowAsync(entry, current.Next())); // duplicate, right version

        var data = await table.ReadAllAsync();
        Assert.Equal(1, data.Version.Version);
        Assert.Equal([entry.SiloAddress], Silos(data));
    }

    [Fact]
    public async Task ReadRow_returns_the_inserted_entry_with_every_column()
    {
        var cs = OrleansProviders.WithFarTimeZone(db.ConnectionString);
        var table = await OrleansProviders.MembershipTableAsync(cs, NewClusterId());
        var entry = Entry(SiloStatus.Active, proxyPort: 30100, startTime: UtcNowSeconds(-60), iAmAliveTime: UtcNowSeconds(-5));
        await InsertAsync(table, entry);

        var data = await table.ReadRowAsync(entry.SiloAddress);

        var (read, etag) = Assert.Single(data.Members);
        Assert.Equal(1, data.Version.Version);
        Assert.Equal(data.Version.VersionEtag, etag);
        Assert.Equal(
            (entry.SiloAddress, entry.Status, entry.ProxyPort, entry.HostName, entry.SiloName, entry.StartTime, entry.IAmAliveTime),
            (read.SiloAddress, read.Status, read.ProxyPort, read.HostName, read.SiloName, read.StartTime, read.IAmAliveTime));
        Assert.Equal(DateTimeKind.Utc, read.StartTime.Kind);
        Assert.Empty(read.SuspectTimes ?? []);

        var unknown = await table.ReadRowAsync(Entry().SiloAddress);
        Assert.Empty(unknown.Members);
        Assert.Equal(1, unknown.Version.Version);
    }

    [Fact]
    public async Task ReadAll_returns_every_member_with_the_table_version_as_etag()
    {
        var table = await OrleansProviders.MembershipTableAsync(db.ConnectionString, NewClusterId());
        var entries = new[] { Entry(), Entry(SiloStatus.Active), Entry(SiloStatus.Dead) };
        foreach (var entry in entries)
        {
            await InsertAsync(table, entry);
        }

        var data = await table.ReadAllAsync();

        Assert.Equal(3, data.Version.Version);
        Assert.Equal(entries.Select(e => e.SiloAddress), Silos(data));
        Assert.All(data.Members, m => Assert.Equal("3", m.Item2));
    }

    [Fact]
    public async Task UpdateRow_one_insert_and_nineteen_updates_give_version_twenty()
    {
        var clusterId = NewClusterId();
        var table = await OrleansProviders.MembershipTableAsync(db.ConnectionString, clusterId);
        var entry = Entry();
        await InsertAsync(table, entry);
        var voter = Entry().SiloAddress;
        var lastAlive = entry.IAmAliveTime;

        for (var i = 1; i < 20; i++)
        {
            var data = await table.ReadRowAsync(entry.SiloAddress);
            var (current, etag) = data.Members[0];
            current.Status = i % 2 == 0 ? SiloStatus.Active : SiloStatus.ShuttingDown;
            current.AddSuspector(voter, UtcNowSeconds(i));
            current.IAmAliveTime = lastAlive = UtcNowSeconds(i);
            Assert.True(await table.UpdateRowAsync(current, etag, data.Version.Next()), $"update {i}");
            Assert.False(await table.UpdateRowAsync(current, etag, data.Version.Next()), $"stale update {i}");
        }

        var final = await table.ReadRowAsync(entry.SiloAddress);
        Assert.Equal(20, final.Version.Version);
        var (read, _) = final.Members[0];
        Assert.Equal(SiloStatus.ShuttingDown, read.Status);
        Assert.Equal(19, read.SuspectTimes?.Count);
        Assert.Equal(lastAlive, read.IAmAliveTime);

        // A write for a silo that has no row fails and leaves the version alone.
        var missing = Entry();
        Assert.False(await table.UpdateRowAsync(missing, "20", final.Version.Next()));
        Assert.Equal(20, await StoredVersionAsync(db.ConnectionString, clusterId));
    }

    [Fact]
    public async Task Parallel_writers_serialize_on_the_version()
    {
        var clusterId = NewClusterId();
        var table = await OrleansProviders.MembershipTableAsync(db.ConnectionString, clusterId);
        var entry = Entry();
        var version = (await table.ReadAllAsync()).Version.Next();

        // 20 identical inserts at the same version: exactly one wins.
        var inserts = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Task.Run(() => table.InsertRowAsync(entry, version))));
        Assert.Single(inserts, ok => ok);
        Assert.Equal(1, await StoredVersionAsync(db.ConnectionString, clusterId));

        // 20 different silos inserting at the same version: still exactly one wins (the version,
        // not the primary key, decides).
        var next = (await table.ReadAllAsync()).Version.Next();
        var others = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Task.Run(() => table.InsertRowAsync(Entry(), next))));
        Assert.Single(others, ok => ok);
        Assert.Equal(2, await StoredVersionAsync(db.ConnectionString, clusterId));
        Assert.Equal(2, await MemberCountAsync(db.ConnectionString, clusterId));

        // 20 updates of one row carrying the same version: exactly one wins.
        var snapshot = await table.ReadRowAsync(entry.SiloAddress);
        var (row, rowEtag) = snapshot.Members[0];
        var sameVersion = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Task.Run(
            () => table.UpdateRowAsync(row, rowEtag, snapshot.Version.Next()))));
        Assert.Single(sameVersion, ok => ok);
        Assert.Equal(3, await StoredVersionAsync(db.ConnectionString, clusterId));

        // 19 writers that retry until their update lands: every one lands exactly once.
        await Task.WhenAll(Enumerable.Range(0, 19).Select(_ => Task.Run(async () =>
        {
            bool done;
            do
            {
                var data = await table.ReadAllAsync();
                var (current, etag) = data.TryGet(entry.SiloAddress) ?? throw new InvalidOperationException("row vanished");
                done = await table.UpdateRowAsync(current, etag, data.Version.Next());
            }
            while (!done);
        })));

        Assert.Equal(22, (await table.ReadAllAsync()).Version.Version);
    }

    [Fact]
    public async Task UpdateIAmAlive_sets_the_heartbeat_without_touching_the_version()
    {
        var clusterId = NewClusterId();
        var table = await OrleansProviders.MembershipTableAsync(db.ConnectionString, clusterId);
        var entry = Entry(SiloStatus.Active, startTime: UtcNowSeconds(-120));
        await InsertAsync(table, entry);

        var heartbeat = Entry(SiloStatus.Dead); // only the silo address and time may matter
        heartbeat.SiloAddress = entry.SiloAddress;
        heartbeat.IAmAliveTime = UtcNowSeconds(30);
        await table.UpdateIAmAliveAsync(heartbeat);

        var data = await table.ReadRowAsync(entry.SiloAddress);
        var (read, _) = data.Members[0];
        Assert.Equal(1, data.Version.Version);
        Assert.InRange(read.IAmAliveTime, heartbeat.IAmAliveTime.AddSeconds(-2), heartbeat.IAmAliveTime.AddSeconds(2));
        Assert.Equal(SiloStatus.Active, read.Status);
        Assert.Equal(entry.StartTime, read.StartTime);

        // A heartbeat for an unknown silo is a silent no-op.
        await table.UpdateIAmAliveAsync(Entry());
        Assert.Equal(1, await MemberCountAsync(db.ConnectionString, clusterId));
    }
}
