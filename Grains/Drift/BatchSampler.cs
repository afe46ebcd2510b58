using Kasparro.Grains.Connectors;
using Kasparro.Grains.Interfaces.Drift;
using Kasparro.Grains.Interfaces.Sources;

namespace Kasparro.Grains.Drift;

/// <summary>
/// Picks a sample of a batch's records spread over the whole batch, as the records stream past in
/// chunks, without knowing the batch's length in advance (the configured batch size is only an
/// upper bound: a source's last batch is shorter). Systematic sampling with a stride that doubles:
/// it keeps every stride-th record (stride 1 at first); when 2k are kept it drops every other one
/// and doubles the stride. So at any moment it holds between k and 2k records evenly spaced over
/// everything seen so far, in O(1) time per record and at most 2k records of memory, and it is
/// deterministic (the same batch gives the same sample). <see cref="Sample"/> then takes one record
/// from each of k equal parts of the batch (each tenth by default): head, middle and tail alike. The
/// configured batch size is not needed, so a short last batch is sampled as well as a full one.
/// </summary>
public sealed class BatchSampler
{
    public const int DefaultSampleSize = 10;

    private readonly SourceKind _kind;
    private readonly List<(long Index, SourceRecord Record)> _kept;
    private long _stride = 1;

    public BatchSampler(SourceKind kind, int sampleSize = DefaultSampleSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(sampleSize, 1);
        _kind = kind;
        SampleSize = sampleSize;
        _kept = new List<(long, SourceRecord)>(2 * sampleSize);
    }

    public int SampleSize { get; }

    /// <summary>Records offered so far.</summary>
    public long Seen { get; private set; }

    public void Add(SourceRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var index = Seen++;
        if (index % _stride != 0)
        {
            return;
        }

        if (_kept.Count == 2 * SampleSize)
        {
            // Keep the records on the doubled stride (every other one, the first included).
            _stride *= 2;
            _kept.RemoveAll(k => k.Index % _stride != 0);
            if (index % _stride != 0)
            {
                return;
            }
        }

        _kept.Add((index, record));
    }

    /// <summary>Offers a chunk of the batch, in order.</summary>
    public void AddRange(IEnumerable<SourceRecord> records)
    {
        ArgumentNullException.ThrowIfNull(records);
        foreach (var record in records)
        {
            Add(record);
        }
    }

    /// <summary>The 0-based positions in the batch of the records <see cref="Sample"/> returns, in order.</summary>
    public IReadOnlyList<long> SampledIndexes() => Pick().Select(k => k.Index).ToList();

    /// <summary>k records (all of them when the batch has no more), one from each k-th part of the batch, as analyzer samples.</summary>
    public IReadOnlyList<DriftSample> Sample() => Pick().Select(k => DriftSamples.From(k.Record, _kind)).ToList();

    /// <summary>Starts over for the next batch.</summary>
    public void Reset()
    {
        _kept.Clear();
        _stride = 1;
        Seen = 0;
    }

    /// <summary>
    /// One kept record from each of k equal parts of the batch, the one nearest the part's middle.
    /// Every part holds one: with more than k kept, the stride s is below n/k, so each part (at
    /// least s records long) holds a multiple of s, and all multiples of s are kept.
    /// </summary>
    private IEnumerable<(long Index, SourceRecord Record)> Pick()
    {
        if (_kept.Count <= SampleSize)
        {
            return _kept;
        }

        var picked = new List<(long, SourceRecord)>(SampleSize);
        var n = (decimal)Seen;
        var next = 0;
        for (var part = 0; part < SampleSize; part++)
        {
            var from = (long)Math.Ceiling(part * n / SampleSize);
            var to = (long)Math.Ceiling((part + 1) * n / SampleSize);
            var middle = (from + to - 1) / 2m;
            (long Index, SourceRecord Record)? best = null;
            for (; next < _kept.Count && _kept[next].Index < to; next++)
            {
                if (_kept[next].Index >= from && (best is null || Math.Abs(_kept[next].Index - middle) < Math.Abs(best.Value.Index - middle)))
                {
                    best = _kept[next];
                }
            }

            if (best is { } chosen)
            {
                picked.Add(chosen);
            }
        }

        return picked;
    }
}
