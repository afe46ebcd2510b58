using static Kasparro.IntegrationTests.Schema.MembershipRows;

namespace Kasparro.IntegrationTests.Schema;

/// <summary>The membership keys at their limits: removing a deployment, and a version at int.MaxValue.</summary>
public sealed partial class MembershipSchemaTests
{
    [Fact]
    public async Task DeleteMembershipTableEntries_removes_the_members_and_the_version_row_of_that_deployment_only()
    {
        var doomed = NewClusterId();
        var kept = NewClusterId();
        var doomedTable = await OrleansProviders.MembershipTableAsync(db.ConnectionString, doomed);
        var keptTable = await OrleansProviders.MembershipTableAsync(db.ConnectionString, kept);
        await InsertAsync(doomedTable, Entry());
        await InsertAsync(doomedTable, Entry());
        await InsertAsync(keptTable, Entry());

        await doomedTable.DeleteMembershipTableEntriesAsync(doomed);

        Assert.Equal(0, await MemberCountAsync(db.ConnectionString, doomed));
        Assert.Equal(0L, await StoredQuery.ScalarAsync<long>(
            db.ConnectionString, "SELECT count(*) FROM orleansmembershipversiontable WHERE deploymentid = @d", ("d", doomed)));
        Assert.Single((await keptTable.ReadAllAsync()).Members);
    }

    [Fact]
    public async Task Writes_are_refused_once_the_version_reaches_int_max()
    {
        var clusterId = NewClusterId();
        var table = await OrleansProviders.MembershipTableAsync(db.ConnectionString, clusterId);
        var entry = Entry();
        await InsertAsync(table, entry);
        await StoredQuery.ScalarAsync<object>(
            db.ConnectionString,
            "UPDATE orleansmembershipversiontable SET version = 2147483647 WHERE deploymentid = @d",
            ("d", clusterId));

        var data = await table.ReadAllAsync();
        Assert.Equal(int.MaxValue, data.Version.Version);
        // TableVersion.Next() itself overflows here (checked); the provider only sends the etag,
        // so a caller that gets this far is stopped by the database.
        var atMax = new TableVersion(data.Version.Version, data.Version.VersionEtag);
        Assert.False(await table.InsertRowAsync(Entry(), atMax));
        var (current, etag) = data.Members[0];
        current.Status = SiloStatus.Active;
        Assert.False(await table.UpdateRowAsync(current, etag, atMax));

        Assert.Equal(int.MaxValue, await StoredVersionAsync(db.ConnectionString, clusterId));
        Assert.Equal(1, await MemberCountAsync(db.ConnectionString, clusterId));
        Assert.Equal(entry.Status, (await table.ReadRowAsync(entry.SiloAddress)).Members[0].Item1.Status);
    }
}
