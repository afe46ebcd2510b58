using Kasparro.IntegrationTests.Infrastructure;
using static Kasparro.IntegrationTests.Schema.MembershipRows;
using static Kasparro.IntegrationTests.Schema.StoredQuery;

namespace Kasparro.IntegrationTests.Schema;

/// <summary>
/// Defunct-silo cleanup: CleanupDefunctSiloEntryKey (per row, what the 10.4.2 provider runs when
/// the key exists) and CleanupDefunctSiloEntriesKey (bulk, what older providers run). Both must
/// prune exactly the Dead rows older than the cutoff with no recent suspect vote, and never
/// touch the version (the 10.4-era, Dead-only variant of the conformance test).
/// </summary>
public sealed class MembershipCleanupSchemaTests(MigratedDatabaseFixture db) : IClassFixture<MigratedDatabaseFixture>
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Cleanup_prunes_only_old_dead_silos_without_recent_votes(bool throughProvider)
    {
        var clusterId = NewClusterId();
        var table = await OrleansProviders.MembershipTableAsync(db.ConnectionString, clusterId);
        var cutoff = UtcNowSeconds(-3600);
        var old = cutoff.AddHours(-2);
        var voter = Entry().SiloAddress;

        var deadQuiet = await AddAsync(table, SiloStatus.Dead, old, cutoff.AddHours(-1));
        var deadOldVotes = await AddAsync(table, SiloStatus.Dead, old, cutoff.AddHours(-1), [old.AddMinutes(5), old.AddMinutes(6)]);
        var kept = new[]
        {
            await AddAsync(table, SiloStatus.Dead, old, cutoff.AddHours(-1), [old.AddMinutes(5), cutoff.AddMinutes(1)]),
            await AddAsync(table, SiloStatus.Dead, old, cutoff.AddMinutes(1)),        // heartbeat after the cutoff
            await AddAsync(table, SiloStatus.Dead, cutoff.AddMinutes(1), cutoff.AddMinutes(2)),
            await AddAsync(table, SiloStatus.Active, old, old),
            await AddAsync(table, SiloStatus.Joining, old, old),
            await AddAsync(table, SiloStatus.ShuttingDown, old, old),
            await AddAsync(table, SiloStatus.Stopping, old, old),
            await AddAsync(table, SiloStatus.Created, old, old),
        };
        var versionBefore = await StoredVersionAsync(db.ConnectionString, clusterId);

        if (throughProvider)
        {
            await table.CleanupDefunctSiloEntriesAsync(new DateTimeOffset(cutoff));
        }
        else
        {
            await RunAsync(db.ConnectionString, "CleanupDefunctSiloEntriesKey", Text("DeploymentId", clusterId), Time("IAmAliveTime", cutoff));
        }

        var remaining = Silos(await table.ReadAllAsync());
        Assert.Equal(kept.OrderBy(s => s.Generation), remaining);
        Assert.DoesNotContain(deadQuiet, remaining);
        Assert.DoesNotContain(deadOldVotes, remaining);
        Assert.Equal(versionBefore, await StoredVersionAsync(db.ConnectionString, clusterId));

        async Task<SiloAddress> AddAsync(IMembershipTable t, SiloStatus status, DateTime start, DateTime alive, DateTime[]? votes = null)
        {
            var entry = Entry(status, startTime: start, iAmAliveTime: alive);
            await InsertAsync(t, entry);
            if (votes is not null)
            {
                var data = await t.ReadRowAsync(entry.SiloAddress);
                var (current, etag) = data.Members[0];
                foreach (var vote in votes)
                {
                    current.AddSuspector(voter, vote);
                }

                Assert.True(await t.UpdateRowAsync(current, etag, data.Version.Next()));
            }

            return entry.SiloAddress;
        }
    }

    [Fact]
    public async Task Per_row_cleanup_deletes_only_while_the_captured_values_still_match()
    {
        var clusterId = NewClusterId();
        var table = await OrleansProviders.MembershipTableAsync(db.ConnectionString, clusterId);
        var dead = Entry(SiloStatus.Dead, startTime: UtcNowSeconds(-7200), iAmAliveTime: UtcNowSeconds(-3600));
        var active = Entry(SiloStatus.Active, startTime: dead.StartTime, iAmAliveTime: dead.IAmAliveTime);
        await InsertAsync(table, dead);
        await InsertAsync(table, active);
        // An empty (not NULL) vote list in storage must still match a captured "no votes".
        await ScalarAsync<object>(
            db.ConnectionString,
            "UPDATE orleansmembershiptable SET suspecttimes = '' WHERE deploymentid = @d AND generation = @g",
            ("d", clusterId), ("g", dead.SiloAddress.Generation));

        Task<List<object?[]>> DeleteAsync(MembershipEntry e, DateTime start, DateTime alive, string? votes) =>
            RunAsync(
                db.ConnectionString,
                "CleanupDefunctSiloEntryKey",
                Text("DeploymentId", clusterId),
                Ansi("Address", e.SiloAddress.Endpoint.Address.ToString()),
                Int("Port", e.SiloAddress.Endpoint.Port),
                Int("Generation", e.SiloAddress.Generation),
                Text("SuspectTimes", votes),
                Time("StartTime", start),
                Time("IAmAliveTime", alive));

        await DeleteAsync(dead, dead.StartTime, dead.IAmAliveTime.AddSeconds(1), null); // a later heartbeat
        await DeleteAsync(dead, dead.StartTime.AddSeconds(1), dead.IAmAliveTime, null); // another start time
        await DeleteAsync(dead, dead.StartTime, dead.IAmAliveTime, $"{active.SiloAddress.ToParsableString()},2020-01-01 00:00:00.000 GMT");
        await DeleteAsync(active, active.StartTime, active.IAmAliveTime, null); // not Dead
        Assert.Equal(2, await MemberCountAsync(db.ConnectionString, clusterId));

        await DeleteAsync(dead, dead.StartTime, dead.IAmAliveTime, null);

        Assert.Equal([active.SiloAddress], Silos(await table.ReadAllAsync()));
        Assert.Equal(2, await StoredVersionAsync(db.ConnectionString, clusterId));
    }

    [Fact]
    public async Task The_provider_uses_the_per_row_key_when_it_is_installed()
    {
        // A database of its own: the bulk key is sabotaged to delete every member, so if the
        // provider ran it (mode A) the Active silo would disappear.
        var cs = await TestPostgres.CreateMigratedDatabaseAsync("cleanup");
        try
        {
            await ScalarAsync<object>(
                cs, "UPDATE orleansquery SET querytext = 'DELETE FROM orleansmembershiptable WHERE deploymentid = @DeploymentId' WHERE querykey = 'CleanupDefunctSiloEntriesKey'");
            var clusterId = NewClusterId();
            var table = await OrleansProviders.MembershipTableAsync(cs, clusterId);
            var active = Entry(SiloStatus.Active, startTime: UtcNowSeconds(-7200));
            var dead = Entry(SiloStatus.Dead, startTime: UtcNowSeconds(-7200));
            await InsertAsync(table, active);
            await InsertAsync(table, dead);

            await table.CleanupDefunctSiloEntriesAsync(DateTimeOffset.UtcNow);

            Assert.Equal([active.SiloAddress], Silos(await table.ReadAllAsync()));
        }
        finally
        {
            await TestPostgres.DropDatabaseAsync(cs);
        }
    }
}
