using System.Runtime.CompilerServices;
using CsvHelper;
using Kasparro.Grains.Interfaces.Sources;
using Kasparro.Grains.Sources;
using Microsoft.Extensions.Logging;

namespace Kasparro.Grains.Connectors.Csv;

/// <summary>
/// Streams a CSV file in batches from the checkpoint's byte offset. Columns are found by header
/// name (extra and reordered columns are fine); blank lines are skipped; quoted fields may hold
/// commas and newlines; a UTF-8 BOM is ignored. Files over http(s) are first downloaded to a
/// local copy (see <see cref="CsvDownloader"/>), so they resume the same way.
/// </summary>
public sealed class CsvConnector(CsvDownloader downloader, ILogger<CsvConnector> logger) : ISourceConnector
{
    private static readonly byte[] Utf8Bom = [0xEF, 0xBB, 0xBF];

    public SourceKind Kind => SourceKind.Csv;

    public async IAsyncEnumerable<SourceBatch> ReadAsync(
        SourceDefinition source, SourceCheckpoint checkpoint, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(checkpoint);
        var path = await downloader.LocalPathAsync(source, cancellationToken);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"CSV source '{source.Id}': file not found: {path}", path);
        }

        // Two handles: the reader owns one (it may read ahead, so nobody else moves its position),
        // the other is for the identity hashes taken at batch boundaries.
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1 << 16, FileOptions.SequentialScan);
        await using var probe = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 4096);
        var size = stream.Length;
        var modified = File.GetLastWriteTimeUtc(path);

        var previous = checkpoint.Csv;
        var resume = previous is not null && CsvFileIdentity.CanResume(probe, previous);
        if (previous is not null && !resume)
        {
            logger.LogWarning("CSV source {Source}: {Path} was replaced or truncated; reading it again from the start", source.Id, path);
        }

        var offset = resume ? previous!.ByteOffset : SkipBom(probe);
        var line = resume ? previous!.Line : 0;
        var header = resume ? previous!.Header : null;
        if (offset >= size)
        {
            yield break;
        }

        stream.Seek(offset, SeekOrigin.Begin);
        var options = CsvReaderOptions.Default with
        {
            HasHeader = header is null,
            Separator = ',',
            SkipEmptyLines = true,
            TrackLineNumbers = true,
            IncludeValuesInExceptions = false,
            PoolStrings = true, // ids, symbols and names repeat on every row of a market file
        };
        using var csv = CsvReader.Create(stream, options, leaveOpen: true);
        if (header is null)
        {
            header = csv.Headers.Select(h => h.Trim()).ToArray();
            if (header.Count == 0)
            {
                yield break;
            }
        }

        var index = BuildIndex(header);
        var records = new List<SourceRecord>(source.BatchSize);
        var consumed = checkpoint.RecordsCommitted;
        long lastLine = line;
        var lastRecordBreaks = 0;
        while (csv.Read())
        {
            cancellationToken.ThrowIfCancellationRequested();
            var recordStart = offset + csv.ByteOffset;
            var recordLine = line + csv.LineNumber;
            if (records.Count == source.BatchSize)
            {
                // A batch ends where the next record starts: that offset is exact whatever the line breaks.
                consumed += records.Count;
                yield return Batch(records, consumed, recordStart, recordLine - 1, size, modified, header, probe);
                records = new List<SourceRecord>(source.BatchSize);
            }

            var values = new string?[header.Count];
            for (var column = 0; column < values.Length; column++)
            {
                values[column] = column < csv.FieldCount ? csv.GetString(column) : null;
            }

            var raw = csv.RawRecord;
            records.Add(new CsvRecord(new RowDictionary(index, values), raw.ToArray(), recordStart));
            lastLine = recordLine;
            lastRecordBreaks = raw.Count((byte)'\n');
        }

        if (records.Count > 0)
        {
            // At the end of the input the reader has consumed every byte it was given.
            consumed += records.Count;
            yield return Batch(records, consumed, stream.Position, lastLine + lastRecordBreaks, size, modified, header, probe);
        }
    }

    private static SourceBatch Batch(
        List<SourceRecord> records, long consumed, long byteOffset, long line, long size, DateTime modified,
        IReadOnlyList<string> header, FileStream probe)
    {
        // The hashes are read from the file itself, so they are exactly what the next run compares.
        var headHash = CsvFileIdentity.HeadHash(probe, byteOffset);
        var tail = CsvFileIdentity.TailHash(probe, byteOffset);
        var csv = new CsvCheckpoint(byteOffset, line, Math.Max(size, byteOffset), modified, headHash, tail, header);
        return new SourceBatch(records, new SourceCheckpoint(consumed, DateTime.UtcNow, csv));
    }

    private static Dictionary<string, int> BuildIndex(IReadOnlyList<string> header)
    {
        // Shared by every row of the run (see RowDictionary); names match case-insensitively.
        var index = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < header.Count; i++)
        {
            index.TryAdd(header[i], i); // a duplicated column name: the first one counts
        }

        return index;
    }

    private static long SkipBom(FileStream stream)
    {
        Span<byte> head = stackalloc byte[3];
        stream.Seek(0, SeekOrigin.Begin);
        var read = stream.Read(head);
        return read == 3 && head.SequenceEqual(Utf8Bom) ? 3 : 0;
    }
}
