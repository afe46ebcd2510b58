using Kasparro.IntegrationTests.Infrastructure;
using Orleans.Storage;

namespace Kasparro.IntegrationTests.Schema;

/// <summary>
/// The persistence keys of 0003_orleans_persistence.sql, driven through the real
/// AdoNetGrainStorage (the cases of the upstream relational storage and persistence tests).
/// Every test uses a service id of its own.
/// </summary>
public sealed class GrainStorageSchemaTests(MigratedDatabaseFixture db) : IClassFixture<MigratedDatabaseFixture>
{
    private const string StateName = "state";

    private static string NewServiceId() => $"svc-{Guid.NewGuid():N}";

    private static GrainId GuidGrain(Guid key, string? extension = null) =>
        GrainId.Create(GrainType.Create("schema-storage"), GrainIdKeyExtensions.CreateGuidKey(key, extension));

    private static GrainId IntegerGrain(long key, string? extension = null) =>
        GrainId.Create(GrainType.Create("schema-storage"), GrainIdKeyExtensions.CreateIntegerKey(key, extension));

    private static GrainId StringGrain(string key) => GrainId.Create("schema-storage", key);

    private static async Task<GrainState<SchemaTestState>> ReadAsync(IGrainStorage storage, GrainId grain, string stateName = StateName)
    {
        var state = new GrainState<SchemaTestState>();
        await storage.ReadStateAsync(stateName, grain, state);
        return state;
    }

    private static async Task<GrainState<SchemaTestState>> WriteNewAsync(IGrainStorage storage, GrainId grain, string text, string stateName = StateName)
    {
        var state = new GrainState<SchemaTestState>(new SchemaTestState { Text = text });
        await storage.WriteStateAsync(stateName, grain, state);
        return state;
    }

    private Task<long> RowCountAsync(string serviceId) =>
        StoredQuery.ScalarAsync<long>(db.ConnectionString, "SELECT count(*) FROM orleansstorage WHERE serviceid = @s", ("s", serviceId));

    [Fact]
    public async Task Write_and_read_round_trip_with_increasing_etags()
    {
        var storage = await OrleansProviders.GrainStorageAsync(db.ConnectionString, NewServiceId());
        var grain = GuidGrain(Guid.NewGuid());

        var empty = await ReadAsync(storage, grain);
        Assert.Null(empty.ETag);
        Assert.False(empty.RecordExists);

        var state = await WriteNewAsync(storage, grain, "first");
        Assert.Equal("1", state.ETag);
        state.State!.Text = "second";
        state.State!.Number = 7;
        await storage.WriteStateAsync(StateName, grain, state);
        Assert.Equal("2", state.ETag);

        var read = await ReadAsync(storage, grain);
        Assert.Equal(("second", 7, "2", true), (read.State!.Text, read.State!.Number, read.ETag, read.RecordExists));
    }

    [Fact]
    public async Task A_stale_etag_or_a_second_first_write_is_a_conflict_and_changes_nothing()
    {
        var serviceId = NewServiceId();
        var storage = await OrleansProviders.GrainStorageAsync(db.ConnectionString, serviceId);
        var grain = IntegerGrain(42, "ext");
        await WriteNewAsync(storage, grain, "v1");
        var winner = await ReadAsync(storage, grain);
        var loser = await ReadAsync(storage, grain);

        winner.State!.Text = "winner";
        await storage.WriteStateAsync(StateName, grain, winner);
        loser.State!.Text = "loser";
        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync(StateName, grain, loser));
        await Assert.ThrowsAsync<InconsistentStateException>(() => WriteNewAsync(storage, grain, "duplicate activation"));
        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.ClearStateAsync(StateName, grain, loser));

        var read = await ReadAsync(storage, grain);
        Assert.Equal(("winner", "2"), (read.State!.Text, read.ETag));
        Assert.Equal(1L, await RowCountAsync(serviceId));
    }

    [Fact]
    public async Task Clear_keeps_the_row_with_a_null_payload_and_the_next_write_updates_it()
    {
        var serviceId = NewServiceId();
        var storage = await OrleansProviders.GrainStorageAsync(db.ConnectionString, serviceId);
        var grain = StringGrain("clear-me");
        var state = await WriteNewAsync(storage, grain, "doomed");

        await storage.ClearStateAsync(StateName, grain, state);
        Assert.Equal(("2", false), (state.ETag, state.RecordExists));
        Assert.True(await StoredQuery.ScalarAsync<bool>(
            db.ConnectionString,
            "SELECT payloadbinary IS NULL AND version = 2 FROM orleansstorage WHERE serviceid = @s",
            ("s", serviceId)));

        var read = await ReadAsync(storage, grain);
        Assert.Equal(("2", false, null), (read.ETag, read.RecordExists, read.State!.Text));

        await Assert.ThrowsAsync<InconsistentStateException>(() => WriteNewAsync(storage, grain, "insert over cleared row"));
        read.State!.Text = "reborn";
        await storage.WriteStateAsync(StateName, grain, read);
        Assert.Equal("3", read.ETag);
        Assert.Equal("reborn", (await ReadAsync(storage, grain)).State!.Text);
        Assert.Equal(1L, await RowCountAsync(serviceId));
    }

    [Fact]
    public async Task Delete_on_clear_removes_the_row_and_the_next_write_inserts_again()
    {
        var serviceId = NewServiceId();
        var storage = await OrleansProviders.GrainStorageAsync(db.ConnectionString, serviceId, deleteStateOnClear: true);
        var grain = GuidGrain(Guid.NewGuid(), "with-extension");
        var state = await WriteNewAsync(storage, grain, "doomed");
        var stale = await ReadAsync(storage, grain);
        state.State!.Text = "updated";
        await storage.WriteStateAsync(StateName, grain, state);

        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.ClearStateAsync(StateName, grain, stale));
        await storage.ClearStateAsync(StateName, grain, state);
        Assert.Null(state.ETag);
        Assert.Equal(0L, await RowCountAsync(serviceId));

        state.State = new SchemaTestState { Text = "again" };
        await storage.WriteStateAsync(StateName, grain, state);
        Assert.Equal("1", state.ETag);
        Assert.Equal("again", (await ReadAsync(storage, grain)).State!.Text);
    }

    [Fact]
    public async Task Identities_whose_hashes_collide_never_see_each_others_state()
    {
        var serviceId = NewServiceId();
        var storage = await OrleansProviders.GrainStorageAsync(db.ConnectionString, serviceId, hasher: new ConstantHasher());
        var neighbour = await OrleansProviders.GrainStorageAsync(db.ConnectionString, serviceId + "-b", hasher: new ConstantHasher());
        var key = Guid.NewGuid();
        var identities = new (IGrainStorage Storage, GrainId Grain, string StateName, string Label)[]
        {
            (storage, GuidGrain(key), StateName, "guid, no extension"),
            (storage, GuidGrain(Guid.NewGuid()), StateName, "another guid"),
            (storage, GuidGrain(key, "x"), StateName, "guid + x"),
            (storage, GuidGrain(key, "y"), StateName, "guid + y"),
            (storage, IntegerGrain(7), StateName, "integer"),
            (storage, IntegerGrain(7, "x"), StateName, "integer + x"),
            (storage, StringGrain("string-key"), StateName, "string key"),
            (storage, GuidGrain(key), "otherState", "other state name"),
            (neighbour, GuidGrain(key), StateName, "other service"),
        };

        foreach (var (s, grain, name, label) in identities)
        {
            Assert.Equal("1", (await WriteNewAsync(s, grain, label, name)).ETag);
        }

        foreach (var (s, grain, name, label) in identities)
        {
            var read = await ReadAsync(s, grain, name);
            Assert.Equal((label, "1"), (read.State!.Text, read.ETag));
        }

        Assert.Equal(8L, await StoredQuery.ScalarAsync<long>(
            db.ConnectionString,
            "SELECT count(*) FROM orleansstorage WHERE serviceid = @s AND grainidhash = @h AND graintypehash = @h",
            ("s", serviceId), ("h", ConstantHasher.Value)));
    }

    [Fact]
    public async Task Concurrent_writers_of_one_version_have_exactly_one_winner()
    {
        var serviceId = NewServiceId();
        var storage = await OrleansProviders.GrainStorageAsync(db.ConnectionString, serviceId);
        var grains = Enumerable.Range(0, 5).Select(_ => GuidGrain(Guid.NewGuid())).ToArray();

        // First writes (no ETag): without the unique identity index these could all insert.
        foreach (var grain in grains)
        {
            var outcomes = await RaceAsync(() => WriteNewAsync(storage, grain, "first"));
            Assert.Equal(1, outcomes.Count(ok => ok));
        }

        Assert.Equal(grains.Length, await RowCountAsync(serviceId));

        // Updates that all carry ETag "1".
        foreach (var grain in grains)
        {
            var outcomes = await RaceAsync(async () =>
            {
                var state = new GrainState<SchemaTestState>(new SchemaTestState { Text = "update" }, "1");
                await storage.WriteStateAsync(StateName, grain, state);
            });
            Assert.Equal(1, outcomes.Count(ok => ok));
            Assert.Equal("2", (await ReadAsync(storage, grain)).ETag);
        }

        // Only InconsistentStateException counts as losing; anything else fails the test.
        static async Task<bool[]> RaceAsync(Func<Task> write) =>
            await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(async () =>
            {
                try
                {
                    await write();
                    return true;
                }
                catch (InconsistentStateException)
                {
                    return false;
                }
            })));
    }

    [Fact]
    public async Task Cyrillic_and_latin1_identifiers_round_trip_and_stay_distinct()
    {
        var storage = await OrleansProviders.GrainStorageAsync(db.ConnectionString, "сервис-Ñandú-" + Guid.NewGuid().ToString("N"));
        var cases = new (GrainId Grain, string StateName)[]
        {
            (StringGrain("ключ"), "состояние"),
            (StringGrain("ключ"), "état"),
            (StringGrain("clé"), "état"),
            (StringGrain("cle"), "état"),
            (GuidGrain(Guid.NewGuid(), "расширение-ß"), "Größe"),
        };

        for (var i = 0; i < cases.Length; i++)
        {
            await WriteNewAsync(storage, cases[i].Grain, $"value {i} — ёжик", cases[i].StateName);
        }

        for (var i = 0; i < cases.Length; i++)
        {
            Assert.Equal($"value {i} — ёжик", (await ReadAsync(storage, cases[i].Grain, cases[i].StateName)).State!.Text);
        }
    }
}

/// <summary>A grain state shape for the storage tests (serialized as JSON into the bytea payload).</summary>
public sealed class SchemaTestState
{
    public string? Text { get; set; }

    public int Number { get; set; }
}
