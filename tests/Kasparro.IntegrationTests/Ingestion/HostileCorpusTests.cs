using System.Text;
using Kasparro.Grains.Interfaces.Queries;
using Kasparro.Grains.Interfaces.Sources;
using Kasparro.Grains.Normalization;
using Kasparro.Grains.Storage;
using Kasparro.IntegrationTests.Clustering;
using Kasparro.IntegrationTests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Kasparro.IntegrationTests.Ingestion;

/// <summary>
/// Hostile input through the source grain on both stores: PostgreSQL refuses NUL and lone surrogates
/// that the in-memory store would take, so this is where the two could part. Each store must land the
/// same rows, reject the same rows for the same reasons, finish every run, and move its checkpoint.
/// </summary>
public sealed class HostileCorpusTests(PostgresClusterFixture db) : IClassFixture<PostgresClusterFixture>
{
    private const string Ts = "2024-01-15T10:30:00Z";
    private const int HugeField = 10 * 1024 * 1024;
    private static readonly Encoding Latin1 = Encoding.Latin1;

    /// <summary>Rows of the UTF-8 file and what becomes of each (null: it lands).</summary>
    private static readonly (string Id, string? Reason)[] Hostile =
    [
        ("good-1", null),
        ("nul-name", null),
        ("nul\0id", RejectionReasons.InvalidText),
        ("nul-extra", null),
        ("nul-price", RejectionReasons.InvalidNumber),
        ("clip", RejectionReasons.InvalidNumber),
        ("badutf", RejectionReasons.InvalidEncoding),
        ("huge", RejectionReasons.ValueTooLong),
        ("tiny", RejectionReasons.OutOfRange),
        ("big", RejectionReasons.OutOfRange),
        ("good-2", null),
    ];

    private static byte[] HostileFile()
    {
        var file = new MemoryStream();
        void Text(string s) => file.Write(Encoding.UTF8.GetBytes(s));
        Text("id,symbol,name,price,market_cap,volume_24h,price_change_24h,timestamp,no\0te\n");
        Text($"good-1,G1,Good One,1.5,,,,{Ts},x\n");
        Text($"nul-name,NN,Nul\0Name,2,,,,{Ts},x\n");
        Text($"nul\0id,NI,Nul Id,3,,,,{Ts},x\n");
        Text($"nul-extra,NE,Nul Extra,4,,,,{Ts},a\0b\n");
        Text($"nul-price,NP,Nul Price,4\0,,,,{Ts},x\n");
        Text($"clip,CL,Clip,{new string('a', 39)}\U0001F680,,,,{Ts},x\n");
        Text("badutf,BU,Caf");
        file.Write([0xE9, 0xC3]);
        Text($",5,,,,{Ts},x\n");
        Text($"huge,HG,{new string('h', HugeField)},6,,,,{Ts},x\n");
        Text($"tiny,TN,Tiny,0.0000000000000000000000000000001,,,,{Ts},x\n");
        Text($"big,BG,Big,12345678901234567890123456789012345678,,,,{Ts},x\n");
        Text($"good-2,G2,Good Two,7,,,,{Ts},x\n");
        return file.ToArray();
    }

    private static byte[] LatinFile() =>
        Latin1.GetBytes($"id,symbol,name,price,timestamp\nplain,PL,Plain,1,{Ts}\neur,EUR,Crème brûlée,2,{Ts}\nzur,ZUR,Zürich,3,{Ts}\n");

    [Fact]
    public async Task The_same_rows_land_and_are_rejected_for_the_same_reasons_in_both_stores()
    {
        var memory = await RunCorpusAsync(null);
        var postgres = await RunCorpusAsync(await db.NewDatabaseAsync());

        Assert.Equal(memory.Landed, postgres.Landed);
        Assert.Equal(memory.Rejections, postgres.Rejections);
        Assert.Equal(memory.Counts, postgres.Counts);

        var expected = Hostile.Where(r => r.Reason is null).Select(r => "hostile/" + r.Id)
            .Concat(["hostile/tail", "latin/eur", "latin/plain", "latin/tail", "latin/zur", "latinraw/plain", "latinraw/tail"]).Order(StringComparer.Ordinal);
        Assert.Equal(expected, memory.Landed.Keys);
        Assert.Equal("NulName", memory.Landed["hostile/nul-name"]);
        Assert.Equal("Crème brûlée", memory.Landed["latin/eur"]);
        Assert.Equal("Zürich", memory.Landed["latin/zur"]);
    }

    private sealed record Outcome(SortedDictionary<string, string> Landed, SortedDictionary<string, long> Rejections, IngestionCounts[] Counts);

    private static async Task<Outcome> RunCorpusAsync(string? connectionString)
    {
        await using var h = await IngestionHarness.StartAsync(
            connectionString, [("hostile", 4), ("latin", 2), ("latinraw", 2)],
            new Dictionary<string, string?> { ["Kasparro:Sources:latin:Encoding"] = "latin1" });
        await File.WriteAllBytesAsync(h.FileOf("hostile"), HostileFile());
        await File.WriteAllBytesAsync(h.FileOf("latin"), LatinFile());
        await File.WriteAllBytesAsync(h.FileOf("latinraw"), LatinFile());

        var rejections = new SortedDictionary<string, long>(StringComparer.Ordinal);
        foreach (var source in new[] { "hostile", "latin", "latinraw" })
        {
            var first = await h.RunToEndAsync(source);
            Assert.True(RunStatus.Success == first.Status, $"{source}: {first.ErrorType} {first.ErrorMessage}");
            foreach (var (reason, count) in first.Rejections)
            {
                rejections[$"{source}/{reason}"] = count;
            }

            // The checkpoint moved to the end of the file and holds storable header names.
            var checkpoint = (await h.Source(source).GetStatus()).Checkpoint.Csv!;
            Assert.Equal(new FileInfo(h.FileOf(source)).Length, checkpoint.ByteOffset);
            Assert.All(checkpoint.Header, name => Assert.True(StorableText.IsCleanKey(name), name));

            // A second run succeeds too, and reads only what was appended.
            await File.AppendAllTextAsync(h.FileOf(source), $"tail,TL,Tail,8,{(source == "hostile" ? ",,," : "")}{Ts}{(source == "hostile" ? ",x" : "")}\n");
            var second = await h.RunToEndAsync(source);
            Assert.True(RunStatus.Success == second.Status, $"{source} again: {second.ErrorType} {second.ErrorMessage}");
            Assert.Equal((1L, 0L), (second.RecordsRead, second.RecordsRejected));
        }

        Assert.Equal(Hostile.Length, rejections.Where(r => r.Key.StartsWith("hostile/", StringComparison.Ordinal)).Sum(r => r.Value)
            + Hostile.Count(r => r.Reason is null));
        Assert.Equal(2, rejections["latinraw/invalid_encoding"]);
        Assert.DoesNotContain(rejections.Keys, k => k.StartsWith("latin/", StringComparison.Ordinal));

        var landed = new SortedDictionary<string, string>(StringComparer.Ordinal);
        var queries = h.Silo.Host.Services.GetRequiredService<IQueryStore>();
        foreach (var source in new[] { "hostile", "latin", "latinraw" })
        {
            var page = await queries.QueryAssetsAsync(new AssetFilter(source, null, null, null), new PageRequest(1, 100), CancellationToken.None);
            foreach (var quote in page.Items)
            {
                landed[$"{source}/{quote.ExternalId}"] = quote.Name;
            }
        }

        var counts = await Task.WhenAll(new[] { "hostile", "latin", "latinraw" }.Select(h.CountsAsync));
        if (connectionString is not null)
        {
            await AssertStoredInPostgresAsync(h, connectionString);
        }

        return new Outcome(landed, rejections, counts);
    }

    private static async Task AssertStoredInPostgresAsync(IngestionHarness h, string cs)
    {
        // Every run settled in run_log as a success: none is left running, as it was when grain state could not be stored.
        Assert.Equal(6L, await TestPostgres.ScalarAsync<long>(cs, "SELECT count(*) FROM run_log WHERE status = 'success'"));
        Assert.Equal(0L, await TestPostgres.ScalarAsync<long>(cs, "SELECT count(*) FROM run_log WHERE status <> 'success'"));

        // The huge row's payload is capped, and its size as read is kept.
        var hugeRow = Encoding.UTF8.GetByteCount($"huge,HG,{new string('h', HugeField)},6,,,,{Ts},x");
        Assert.Equal((long)hugeRow, await TestPostgres.ScalarAsync<long>(cs, "SELECT payload_length FROM rejected_records WHERE raw_payload LIKE 'huge,%'"));
        Assert.InRange(
            await TestPostgres.ScalarAsync<int>(cs, "SELECT max(octet_length(raw_payload)) FROM rejected_records"), 1, StorableText.PayloadLimitBytes);
        Assert.Equal(
            "nul␀id,NI,Nul Id,3,,,,2024-01-15T10:30:00Z,x",
            await TestPostgres.ScalarAsync<string>(cs, "SELECT raw_payload FROM rejected_records WHERE reason = 'invalid_text'"));

        // The checkpoint was stored as grain state: a fresh activation reads it back.
        var before = (await h.Source("hostile").GetStatus()).Checkpoint;
        await h.Silo.Grains.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);
        var after = (await h.Source("hostile").GetStatus()).Checkpoint;
        Assert.Equal(before.Csv!.ByteOffset, after.Csv!.ByteOffset);
        Assert.Equal(before.Csv.Header, after.Csv.Header);
    }
}
