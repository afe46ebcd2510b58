using System.Text;
using Kasparro.Grains.Connectors;
using Kasparro.Grains.Connectors.Csv;
using Kasparro.Grains.Interfaces.Sources;
using Kasparro.Grains.Sources;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace Kasparro.Tests.Connectors;

public sealed class CsvConnectorTests : IDisposable
{
    private const string Header = "id,symbol,name,price,market_cap,volume_24h,price_change_24h,timestamp\n";
    private readonly string _dir = Directory.CreateTempSubdirectory("kasparro-csv-tests").FullName;
    private readonly CsvConnector _connector = new(
        new CsvDownloader(new ServiceCollection().AddHttpClient().BuildServiceProvider().GetRequiredService<IHttpClientFactory>()),
        NullLogger<CsvConnector>.Instance);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static string Row(int i) => $"coin-{i},c{i},Coin {i},{i}.5,{i * 1000},{i * 10},-1.25,2024-01-15T10:30:00Z\n";

    private string Write(string content, string name = "data.csv", bool bom = false)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, content, new UTF8Encoding(bom));
        return path;
    }

    private static SourceDefinition Source(string path, int batchSize = 3, Encoding? encoding = null) =>
        new("csv", SourceKind.Csv, path, TimeSpan.FromMinutes(1), true, batchSize,
            new Dictionary<string, string>(), FailureInjectionSettings.Off)
        {
            Encoding = encoding ?? SourceEncodings.Default,
        };

    private string WriteBytes(byte[] content, string name = "data.csv")
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllBytes(path, content);
        return path;
    }

    private async Task<List<SourceBatch>> ReadAll(string path, SourceCheckpoint? from = null, int batchSize = 3, Encoding? encoding = null)
    {
        var batches = new List<SourceBatch>();
        await foreach (var batch in _connector.ReadAsync(Source(path, batchSize, encoding), from ?? SourceCheckpoint.Start, CancellationToken.None))
        {
            batches.Add(batch);
        }

        return batches;
    }

    [Fact]
    public async Task Reads_in_batches_with_a_checkpoint_after_each()
    {
        var path = Write(Header + string.Concat(Enumerable.Range(1, 7).Select(Row)));

        var batches = await ReadAll(path);

        Assert.Equal([3, 3, 1], batches.Select(b => b.Records.Count));
        Assert.Equal([3L, 6L, 7L], batches.Select(b => b.CheckpointAfter.RecordsCommitted));
        Assert.Equal(new FileInfo(path).Length, batches[^1].CheckpointAfter.Csv!.ByteOffset);
        Assert.Equal("coin-4", batches[1].Records[0].Fields["id"]);
        Assert.Equal(8, batches[^1].CheckpointAfter.Csv!.Line);
    }

    [Fact]
    public async Task Appended_rows_are_read_by_the_next_run_and_nothing_else()
    {
        var path = Write(Header + string.Concat(Enumerable.Range(1, 4).Select(Row)));
        var first = await ReadAll(path);
        File.AppendAllText(path, Row(5) + Row(6));

        var second = await ReadAll(path, first[^1].CheckpointAfter);

        Assert.Equal(["coin-5", "coin-6"], second.SelectMany(b => b.Records).Select(r => r.Fields["id"]));
        Assert.Equal(6, second[^1].CheckpointAfter.RecordsCommitted);
        Assert.Empty(await ReadAll(path, second[^1].CheckpointAfter));
    }

    [Fact]
    public async Task A_truncated_or_replaced_file_is_read_again_from_the_start()
    {
        var path = Write(Header + string.Concat(Enumerable.Range(1, 5).Select(Row)));
        var done = (await ReadAll(path))[^1].CheckpointAfter;

        Write(Header + Row(1) + Row(2));
        Assert.Equal(["coin-1", "coin-2"], (await ReadAll(path, done)).SelectMany(b => b.Records).Select(r => r.Fields["id"]));

        // Same length and head, different content before the offset: still a different file.
        Write(Header + string.Concat(Enumerable.Range(1, 4).Select(Row)) + Row(5).Replace("coin-5", "coin-X", StringComparison.Ordinal));
        Assert.Equal(5, (await ReadAll(path, done)).Sum(b => b.Records.Count));
    }

    [Fact]
    public async Task Handles_bom_quotes_with_commas_and_newlines_blank_lines_and_missing_values()
    {
        var path = Write(
            Header + "\n" +
            "btc,BTC,\"Bitcoin, the first\",50000,,,1.5,2024-01-15T10:30:00Z\n" +
            "\n\n" +
            "eth,ETH,\"Ether\nmultiline\",3000,1,2,3,2024-01-15T10:30:00Z\n" +
            "short,SH\n",
            bom: true);

        var records = (await ReadAll(path, batchSize: 10)).SelectMany(b => b.Records).ToList();

        Assert.Equal(3, records.Count);
        Assert.Equal("Bitcoin, the first", records[0].Fields["name"]);
        Assert.Equal("", records[0].Fields["market_cap"]);
        Assert.Equal("Ether\nmultiline", records[1].Fields["name"]);
        Assert.Null(records[2].Fields["price"]);
        Assert.True(records[0].Fields.ContainsKey("id"), "the BOM must not stick to the first header name");
    }

    [Fact]
    public async Task Columns_are_found_by_header_name_whatever_their_order_or_extras()
    {
        var path = Write("extra,timestamp,price,id,symbol,name\nx,2024-01-15T10:30:00Z,1.5,ada,ADA,Cardano\n");

        var record = (await ReadAll(path)).Single().Records.Single();

        Assert.Equal("ada", record.Fields["id"]);
        Assert.Equal("1.5", record.Fields["price"]);
        Assert.Equal("x", record.Fields["extra"]);
    }

    [Fact]
    public async Task Resuming_mid_file_after_a_batch_boundary_continues_exactly_there()
    {
        var path = Write(Header + string.Concat(Enumerable.Range(1, 9).Select(Row)), bom: true);
        var all = await ReadAll(path);

        var rest = await ReadAll(path, all[0].CheckpointAfter);

        Assert.Equal(all.Skip(1).SelectMany(b => b.Records).Select(r => r.Payload), rest.SelectMany(b => b.Records).Select(r => r.Payload));
        Assert.Equal(all[^1].CheckpointAfter.Csv, rest[^1].CheckpointAfter.Csv);
    }

    [Fact]
    public async Task A_missing_file_fails_with_its_path()
    {
        var missing = Path.Combine(_dir, "nope.csv");

        var error = await Assert.ThrowsAsync<FileNotFoundException>(() => ReadAll(missing));

        Assert.Contains(missing, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_row_with_invalid_utf8_is_marked_invalid_encoding_and_its_neighbours_read_normally()
    {
        var bytes = Encoding.UTF8.GetBytes(Header + Row(1)).Concat(Encoding.ASCII.GetBytes("bad,BAD,Caf"))
            .Concat(new byte[] { 0xE9, 0xFF }).Concat(Encoding.UTF8.GetBytes(",1,2,3,4,2024-01-15T10:30:00Z\n" + Row(3))).ToArray();
        var path = WriteBytes(bytes);

        var batches = await ReadAll(path, batchSize: 2);
        var records = batches.SelectMany(b => b.Records).ToList();

        Assert.Equal(["coin-1", "bad", "coin-3"], records.Select(r => r.Fields["id"]));
        Assert.Null(records[0].Rejection);
        Assert.Equal("invalid_encoding", records[1].Rejection!.Reason);
        Assert.Contains("name", records[1].Rejection!.Detail, StringComparison.Ordinal);
        Assert.Null(records[2].Rejection);
        Assert.Equal(new FileInfo(path).Length, batches[^1].CheckpointAfter.Csv!.ByteOffset);
    }

    [Fact]
    public async Task A_latin1_file_loads_exactly_with_its_encoding_and_resumes_at_exact_byte_offsets()
    {
        var latin1 = Encoding.Latin1;
        var path = WriteBytes(latin1.GetBytes("id,symbol,name,price\n"
            + "ada,ADA,Señor Ñandú,1.5\neur,EUR,Crème brûlée,2\nzed,ZED,Zürich,3\n"));

        var all = await ReadAll(path, batchSize: 1, encoding: latin1);
        var rest = await ReadAll(path, all[0].CheckpointAfter, batchSize: 1, encoding: latin1);
        var withoutSetting = (await ReadAll(path, batchSize: 1)).SelectMany(b => b.Records).ToList();

        Assert.Equal(["Señor Ñandú", "Crème brûlée", "Zürich"], all.SelectMany(b => b.Records).Select(r => r.Fields["name"]));
        Assert.All(all.SelectMany(b => b.Records), r => Assert.Null(r.Rejection));
        Assert.Equal("eur,EUR,Crème brûlée,2", rest[0].Records[0].Payload);
        Assert.Equal(["eur", "zed"], rest.SelectMany(b => b.Records).Select(r => r.Fields["id"]));
        Assert.Equal(new FileInfo(path).Length, all[^1].CheckpointAfter.Csv!.ByteOffset);
        Assert.All(withoutSetting, r => Assert.Equal("invalid_encoding", r.Rejection!.Reason));
    }

    [Fact]
    public async Task Header_names_are_made_storable_for_the_checkpoint_and_decoded_with_the_encoding()
    {
        var path = WriteBytes(Encoding.Latin1.GetBytes("id,sym\0bol,name,pr\u00e9x,\"\tprice\n\"\nada,ADA,Cardano,x,1.5\n"));

        var batch = (await ReadAll(path, encoding: Encoding.Latin1)).Single();

        Assert.Equal(["id", "symbol", "name", "pr\u00e9x", "price"], batch.CheckpointAfter.Csv!.Header);
        Assert.Equal("1.5", batch.Records.Single().Fields["price"]);
    }

    [Fact]
    public async Task A_utf16_file_fails_with_a_clear_message()
    {
        var path = WriteBytes(Encoding.Unicode.GetPreamble().Concat(Encoding.Unicode.GetBytes(Header + Row(1))).ToArray());

        var error = await Assert.ThrowsAsync<InvalidDataException>(() => ReadAll(path));

        Assert.Contains("UTF-16", error.Message, StringComparison.Ordinal);
    }
}
