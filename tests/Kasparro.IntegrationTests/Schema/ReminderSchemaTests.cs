using System.Data;
using Kasparro.IntegrationTests.Infrastructure;
using static Kasparro.IntegrationTests.Schema.StoredQuery;

namespace Kasparro.IntegrationTests.Schema;

/// <summary>
/// The reminder keys of 0004_orleans_reminders.sql, driven through the real AdoNetReminderTable
/// (the cases of the upstream ReminderTableTestsBase). Every test uses a service id of its own.
/// </summary>
public sealed class ReminderSchemaTests(MigratedDatabaseFixture db) : IClassFixture<MigratedDatabaseFixture>
{
    // Grain keys and reminder names with the characters the conformance tests use, plus non-ASCII.
    private static readonly string[] AwkwardKeys = ["plain", "a/b\\c#d?e+f", "ключ-ёж", "Ñandú-ß"];
    private static readonly string[] AwkwardNames = ["every/minute", "back\\slash#hash?q", "напоминание", "é"];

    private static string NewServiceId() => $"svc-{Guid.NewGuid():N}";

    private static DateTime WholeSecondUtc(int addSeconds = 0) => MembershipRows.UtcNowSeconds(addSeconds);

    private static ReminderEntry Reminder(GrainId grain, string name, TimeSpan? period = null) => new()
    {
        GrainId = grain,
        ReminderName = name,
        StartAt = WholeSecondUtc(),
        Period = period ?? TimeSpan.FromMinutes(1),
    };

    [Fact]
    public async Task Upsert_read_and_remove_by_etag()
    {
        var table = await OrleansProviders.ReminderTableAsync(OrleansProviders.WithFarTimeZone(db.ConnectionString), NewServiceId());
        var grain = GrainId.Create("schema-reminder", AwkwardKeys[1]);
        var reminder = Reminder(grain, AwkwardNames[1], TimeSpan.FromDays(30)); // > int.MaxValue ms: sent as Int64

        var etag1 = await table.UpsertRow(reminder) ?? throw new InvalidOperationException("no etag");
        var read = await table.ReadRow(grain, reminder.ReminderName);
        Assert.NotNull(read);
        Assert.Equal(grain, read.GrainId);
        Assert.Equal(reminder.ReminderName, read.ReminderName);
        Assert.Equal(reminder.StartAt, read.StartAt);
        Assert.Equal(reminder.Period, read.Period);
        Assert.Equal(etag1, read.ETag);

        reminder.StartAt = WholeSecondUtc(60);
        reminder.Period = TimeSpan.FromSeconds(90);
        var etag2 = await table.UpsertRow(reminder) ?? throw new InvalidOperationException("no etag");
        Assert.NotEqual(etag1, etag2);
        read = await table.ReadRow(grain, reminder.ReminderName);
        Assert.Equal((reminder.StartAt, reminder.Period, etag2), (read!.StartAt, read.Period, read.ETag));

        Assert.False(await table.RemoveRow(grain, reminder.ReminderName, etag1));      // stale etag
        Assert.False(await table.RemoveRow(grain, "no-such-reminder", etag2));        // wrong name
        Assert.True(await table.RemoveRow(grain, reminder.ReminderName, etag2));
        Assert.False(await table.RemoveRow(grain, reminder.ReminderName, etag2));     // already gone
        Assert.Null(await table.ReadRow(grain, reminder.ReminderName));
    }

    [Fact]
    public async Task Parallel_upserts_of_one_reminder_each_get_a_distinct_etag()
    {
        var table = await OrleansProviders.ReminderTableAsync(db.ConnectionString, NewServiceId());
        var grain = GrainId.Create("schema-reminder", "parallel");

        // Twice: once racing the first insert, once racing updates of an existing row.
        for (var round = 0; round < 2; round++)
        {
            var etags = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => Task.Run(() => table.UpsertRow(Reminder(grain, "tick")))));

            Assert.Equal(5, etags.Distinct().Count());
            Assert.Contains((await table.ReadRow(grain, "tick"))!.ETag, etags);
        }
    }

    [Fact]
    public async Task ReadRows_of_a_grain_returns_exactly_its_reminders()
    {
        var serviceId = NewServiceId();
        var table = await OrleansProviders.ReminderTableAsync(db.ConnectionString, serviceId);
        var other = await OrleansProviders.ReminderTableAsync(db.ConnectionString, NewServiceId());
        foreach (var key in AwkwardKeys)
        {
            foreach (var name in AwkwardNames)
            {
                await table.UpsertRow(Reminder(GrainId.Create("schema-reminder", key), name));
            }
        }

        await other.UpsertRow(Reminder(GrainId.Create("schema-reminder", AwkwardKeys[2]), "other-service"));

        foreach (var key in AwkwardKeys)
        {
            var grain = GrainId.Create("schema-reminder", key);
            var rows = await table.ReadRows(grain);
            Assert.All(rows.Reminders, r => Assert.Equal(grain, r.GrainId));
            Assert.Equal(AwkwardNames.Order(), rows.Reminders.Select(r => r.ReminderName).Order());
        }

        await table.TestOnlyClearTable();
        Assert.Empty((await table.ReadRows(0, 0)).Reminders);
        Assert.Single((await other.ReadRows(0, 0)).Reminders);
    }

    [Fact]
    public async Task Range_reads_match_the_unsigned_ring_semantics()
    {
        var serviceId = NewServiceId();
        var table = await OrleansProviders.ReminderTableAsync(db.ConnectionString, serviceId);
        var random = new Random(20260801);

        // Rows at the signed/unsigned boundaries plus random positions, inserted with the
        // provider's upsert text so the stored hash is chosen by the test.
        int[] boundaries = [int.MinValue, int.MinValue + 1, -2, -1, 0, 1, 2, int.MaxValue - 1, int.MaxValue];
        var hashes = boundaries.Concat(Enumerable.Range(0, 60).Select(_ => random.Next(int.MinValue, int.MaxValue))).Distinct().ToArray();
        foreach (var hash in hashes)
        {
            await RunAsync(
                db.ConnectionString,
                "UpsertReminderRowKey",
                Text("ServiceId", serviceId),
                Int("GrainHash", hash),
                Ansi("GrainId", $"schema-range/h{hash}"),
                Text("ReminderName", "r"),
                Time("StartTime", WholeSecondUtc()),
                new Parameter("Period", DbType.Int64, 60_000L));
        }

        var ranges = new List<(uint Begin, uint End)>
        {
            (0, uint.MaxValue), (0, 0), (uint.MaxValue, 0), (uint.MaxValue, uint.MaxValue),
            (int.MaxValue, 0x8000_0000u), (0x8000_0000u, int.MaxValue), (1, 0), (0x7FFF_FFFFu, 0x7FFF_FFFFu),
        };
        foreach (var hash in hashes.Select(h => unchecked((uint)h)))
        {
            ranges.Add((hash - 1, hash));
            ranges.Add((hash, hash + 1));
            ranges.Add((hash, unchecked((uint)random.Next(int.MinValue, int.MaxValue))));
        }

        for (var i = 0; i < 100; i++)
        {
            ranges.Add((unchecked((uint)random.Next(int.MinValue, int.MaxValue)), unchecked((uint)random.Next(int.MinValue, int.MaxValue))));
        }

        foreach (var (begin, end) in ranges)
        {
            var expected = hashes
                .Where(h => InRing(unchecked((uint)h), begin, end))
                .Select(h => $"schema-range/h{h}")
                .Order();
            var actual = (await table.ReadRows(begin, end)).Reminders.Select(r => r.GrainId.ToString()).Order();
            Assert.True(expected.SequenceEqual(actual), $"range ({begin}, {end}]");
        }

        var all = (await table.ReadRows(0, 0)).Reminders;
        Assert.Equal(hashes.Length, all.Count);
    }

    /// <summary>The ring range (begin, end] in unsigned arithmetic; equal bounds mean the whole ring.</summary>
    private static bool InRing(uint hash, uint begin, uint end) =>
        begin < end ? hash > begin && hash <= end : hash > begin || hash <= end;
}
