using System.Runtime.CompilerServices;
using System.Text.Unicode;
using CsvHelper;
using Kasparro.Grains.Interfaces.Sources;
using Kasparro.Grains.Sources;
using Microsoft.Extensions.Logging;

namespace Kasparro.Grains.Connectors.Csv;

/// <summary>
/// Streams a CSV file in batches from the checkpoint's byte offset. Columns are found by header
/// name (extra and reordered columns are fine); blank lines are skipped; quoted fields may hold
/// commas and newlines; a UTF-8 BOM is ignored. Files over http(s) are first downloaded to a
/// local copy (see <see cref="CsvDownloader"/>), so they resume the same way. Text is UTF-8 unless the
/// source sets a single-byte <c>Encoding</c>; under UTF-8 a row with invalid bytes is rejected as
/// <c>invalid_encoding</c> rather than loaded with replacement characters.
/// </summary>
public sealed class CsvConnector(CsvDownloader downloader, ILogger<CsvConnector> logger) : ISourceConnector
{
    private static readonly byte[] Utf8Bom = [0xEF, 0xBB, 0xBF];
    private static readonly byte[] Utf16LittleEndianBom = [0xFF, 0xFE];
    private static readonly byte[] Utf16BigEndianBom = [0xFE, 0xFF];

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
            logger.CsvReplaced(source.Id, path);
        }

        // A UTF-8 byte order mark says UTF-8 whatever the setting; it is checked on every run, as a
        // resumed read starts past it.
        var bom = ByteOrderMarkLength(probe, source.Id);
        var encoding = bom > 0 ? SourceEncodings.Default : source.Encoding;
        var offset = resume ? previous!.ByteOffset : bom;
        var line = resume ? previous!.Line : 0;
        var header = resume ? previous!.Header : null;
        if (offset >= size)
        {
            yield break;
        }

        stream.Seek(offset, SeekOrigin.Begin);

        // The reader parses the file's own bytes (no transcoding: Encoding stays null and any BOM is
        // already skipped), so its byte offsets are offsets in the file and checkpoints stay exact for
        // every supported encoding; fields are decoded from their bytes below.
        var options = CsvReaderOptions.Default with
        {
            HasHeader = false, // the header row is read as a record, so its names are decoded like any field
            Separator = ',',
            SkipEmptyLines = true,
            TrackLineNumbers = true,
            IncludeValuesInExceptions = false,
            PoolStrings = true, // ids, symbols and names repeat on every row of a market file
        };
        using var csv = CsvReader.Create(stream, options, leaveOpen: true);
        if (header is null)
        {
            if (!csv.Read())
            {
                yield break;
            }

            header = CsvText.HeaderNames(csv, encoding);
            if (header.Count == 0)
            {
                yield break;
            }
        }

        var index = BuildIndex(header);
        var utf8 = SourceEncodings.IsUtf8(encoding);
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

            var raw = csv.RawRecord;
            var values = new string?[header.Count];
            for (var column = 0; column < values.Length; column++)
            {
                values[column] = column >= csv.FieldCount ? null : utf8 ? csv.GetString(column) : encoding.GetString(csv.GetSpan(column));
            }

            records.Add(new CsvRecord(new RowDictionary(index, values), raw.ToArray(), recordStart, encoding)
            {
                // One vectorized check per row: invalid UTF-8 rejects the row instead of loading U+FFFD.
                Rejection = utf8 && !Utf8.IsValid(raw) ? CsvText.InvalidUtf8(csv, header) : null,
            });
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

    /// <summary>3 for a UTF-8 byte order mark, else 0; a UTF-16 or UTF-32 file fails with a clear message.</summary>
    private static long ByteOrderMarkLength(FileStream stream, string source)
    {
        Span<byte> head = stackalloc byte[3];
        stream.Seek(0, SeekOrigin.Begin);
        var read = stream.Read(head);
        if (read == 3 && head.SequenceEqual(Utf8Bom))
        {
            return 3;
        }

        return read >= 2 && (head[..2].SequenceEqual(Utf16LittleEndianBom) || head[..2].SequenceEqual(Utf16BigEndianBom))
            ? throw new InvalidDataException($"CSV source '{source}': the file is UTF-16 or UTF-32 (byte order mark); save it as UTF-8 or set a single-byte Encoding.")
            : 0;
    }
}
