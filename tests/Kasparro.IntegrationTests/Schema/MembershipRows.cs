using System.Net;

namespace Kasparro.IntegrationTests.Schema;

/// <summary>Membership entries and raw-row helpers for the clustering contract tests.</summary>
internal static class MembershipRows
{
    private static int _nextGeneration = Environment.TickCount & 0x0FFFFFFF;

    /// <summary>Each test works in a deployment of its own, so tests sharing a database never interfere.</summary>
    public static string NewClusterId() => $"schema-{Guid.NewGuid():N}";

    /// <summary>Whole-second UTC times, as the conformance tests use (timestamptz(3) keeps milliseconds only).</summary>
    public static DateTime UtcNowSeconds(int addSeconds = 0)
    {
        var now = DateTime.UtcNow;
        return new DateTime(now.Year, now.Month, now.Day, now.Hour, now.Minute, now.Second, DateTimeKind.Utc).AddSeconds(addSeconds);
    }

    public static MembershipEntry Entry(
        SiloStatus status = SiloStatus.Joining, int proxyPort = 30000, DateTime? startTime = null, DateTime? iAmAliveTime = null)
    {
        var generation = Interlocked.Increment(ref _nextGeneration);
        var address = new IPAddress([10, 20, (byte)(generation >> 8), (byte)generation]);
        var start = startTime ?? UtcNowSeconds();
        return new MembershipEntry
        {
            SiloAddress = SiloAddress.New(address, 11111, generation),
            Status = status,
            ProxyPort = proxyPort,
            HostName = $"host-{generation}",
            SiloName = $"silo-{generation}",
            RoleName = "schema-tests",
            UpdateZone = 0,
            FaultZone = 0,
            StartTime = start,
            IAmAliveTime = iAmAliveTime ?? start,
        };
    }

    /// <summary>Inserts an entry at the table's current version; the insert must succeed.</summary>
    public static async Task InsertAsync(IMembershipTable table, MembershipEntry entry)
    {
        var data = await table.ReadAllAsync();
        Assert.True(await table.InsertRowAsync(entry, data.Version.Next()), $"insert of {entry.SiloAddress}");
    }

    public static async Task<int> StoredVersionAsync(string connectionString, string clusterId) =>
        await StoredQuery.ScalarAsync<int?>(
            connectionString,
            "SELECT version FROM orleansmembershipversiontable WHERE deploymentid = @d",
            ("d", clusterId)) ?? throw new InvalidOperationException($"No version row for {clusterId}.");

    public static Task<long> MemberCountAsync(string connectionString, string clusterId) =>
        StoredQuery.ScalarAsync<long>(
            connectionString, "SELECT count(*) FROM orleansmembershiptable WHERE deploymentid = @d", ("d", clusterId));

    public static SiloAddress[] Silos(MembershipTableData data) =>
        [.. data.Members.Select(m => m.Item1.SiloAddress).OrderBy(s => s.Generation)];
}
