using System.Globalization;
using System.Runtime.CompilerServices;
using Kasparro.Grains.Connectors;
using Kasparro.Grains.Interfaces.Sources;
using Kasparro.Grains.Sources;

namespace Kasparro.Tests.Runs.Pipeline;

/// <summary>
/// A connector over a list of quote rows: reads from the checkpoint's record count in chunks of the
/// source's batch size, records where every read started, and can fail once it reaches a record.
/// </summary>
internal sealed class ListConnector(IReadOnlyList<Dictionary<string, string?>> rows) : ISourceConnector
{
    private readonly List<long> _readsFrom = [];

    public SourceKind Kind => SourceKind.Csv;

    /// <summary>Reading fails when it reaches this record index (null: never).</summary>
    public long? FailAt { get; init; }

    public IReadOnlyList<long> ReadsFrom
    {
        get
        {
            lock (_readsFrom)
            {
                return [.. _readsFrom];
            }
        }
    }

    /// <summary>Rows id r0..r(n-1); <paramref name="shape"/> may change a row (rename or spoil a field).</summary>
    public static ListConnector Quotes(int count, Action<int, Dictionary<string, string?>>? shape = null, long? failAt = null)
    {
        var rows = Enumerable.Range(0, count).Select(i =>
        {
            var row = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
            {
                ["id"] = $"r{i}",
                ["symbol"] = "x",
                ["name"] = "X",
                ["price"] = "1",
                ["timestamp"] = "2024-01-01T00:00:00Z",
            };
            shape?.Invoke(i, row);
            return row;
        }).ToList();
        return new ListConnector(rows) { FailAt = failAt };
    }

    public async IAsyncEnumerable<SourceBatch> ReadAsync(
        SourceDefinition source, SourceCheckpoint checkpoint, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        lock (_readsFrom)
        {
            _readsFrom.Add(checkpoint.RecordsCommitted);
        }

        for (var start = (int)checkpoint.RecordsCommitted; start < rows.Count; start += source.BatchSize)
        {
            await Task.Yield();
            cancellationToken.ThrowIfCancellationRequested();
            var end = Math.Min(start + source.BatchSize, rows.Count);
            if (FailAt is { } at && at >= start && at < end)
            {
                throw new IOException($"the source broke at record {at}");
            }

            var records = Enumerable.Range(start, end - start).Select(i => new SourceRecord(
                new Dictionary<string, string?>(rows[i], StringComparer.OrdinalIgnoreCase),
                i.ToString(CultureInfo.InvariantCulture),
                i.ToString(CultureInfo.InvariantCulture))).ToList();
            yield return new SourceBatch(records, new SourceCheckpoint(end, null));
        }
    }
}
