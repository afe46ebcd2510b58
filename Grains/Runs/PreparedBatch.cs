using Kasparro.Grains.Connectors;
using Kasparro.Grains.Drift;
using Kasparro.Grains.Interfaces.Assets;
using Kasparro.Grains.Interfaces.Drift;
using Kasparro.Grains.Interfaces.News;
using Kasparro.Grains.Interfaces.Sources;
using Kasparro.Grains.Normalization;
using Kasparro.Grains.Storage;

namespace Kasparro.Grains.Runs;

/// <summary>
/// A batch with every record normalized, in order, ready to be written. Raw records are kept only
/// for the rejected ones (their payload goes to the rejected-records table): a large batch then
/// holds little more than its quotes.
/// </summary>
public sealed class PreparedBatch
{
    private readonly List<object?> _accepted; // AssetQuote or NewsItem; null where rejected
    private readonly Dictionary<int, RejectedRecord> _rejected;

    private PreparedBatch(
        List<object?> accepted, Dictionary<int, RejectedRecord> rejected, SourceCheckpoint checkpointAfter, IReadOnlyList<DriftSample> driftSamples)
    {
        _accepted = accepted;
        _rejected = rejected;
        CheckpointAfter = checkpointAfter;
        DriftSamples = driftSamples;
    }

    public int Count => _accepted.Count;

    public SourceCheckpoint CheckpointAfter { get; }

    /// <summary>Raw records spread over the batch for the drift analyzer (empty when nobody sampled).</summary>
    public IReadOnlyList<DriftSample> DriftSamples { get; }

    /// <summary>Normalizes a raw batch on its own (a batch of one chunk).</summary>
    public static PreparedBatch Prepare(SourceBatch batch, IRecordNormalizer normalizer, string source, Guid runId)
    {
        var builder = new Builder(normalizer, source, runId);
        builder.Append(batch);
        return builder.Build();
    }

    /// <summary>
    /// Normalizes raw chunks as they arrive and keeps only what the write needs, so the raw records
    /// of a large batch never all exist at once.
    /// </summary>
    /// <remarks>A builder makes one batch: <see cref="Build"/> hands its lists over rather than copying them.</remarks>
    public sealed class Builder(IRecordNormalizer normalizer, string source, Guid runId, int capacity = 0, BatchSampler? sampler = null)
    {
        private readonly List<object?> _accepted = new(capacity);
        private readonly Dictionary<int, RejectedRecord> _rejected = [];
        private SourceCheckpoint? _checkpoint;

        public int Count => _accepted.Count;

        public void Append(SourceBatch chunk)
        {
            ArgumentNullException.ThrowIfNull(chunk);
            foreach (var record in chunk.Records)
            {
                sampler?.Add(record);
                // A record the connector could not read (say, bytes invalid in its encoding) is rejected as it is.
                var result = record.Rejection is { } unreadable
                    ? NormalizationResult.Rejected(unreadable)
                    : normalizer.Normalize(record, source, runId);
                if (result.Rejection is { } rejection)
                {
                    _rejected[_accepted.Count] = RejectedRecord.From(source, runId, record, rejection);
                }

                _accepted.Add((object?)result.Quote ?? result.News);
            }

            _checkpoint = chunk.CheckpointAfter;
        }

        public PreparedBatch Build() =>
            new(_accepted, _rejected, _checkpoint ?? throw new InvalidOperationException("An empty batch has no checkpoint."), sampler?.Sample() ?? []);
    }

    /// <summary>The write for the first <paramref name="count"/> records (all of them unless a failure cuts the batch short).</summary>
    public IngestionBatch ToWrite(string source, Guid runId, int count)
    {
        var quotes = new List<AssetQuote>(count);
        var news = new List<NewsItem>();
        var rejected = new List<RejectedRecord>();
        for (var i = 0; i < count; i++)
        {
            switch (_accepted[i])
            {
                case AssetQuote quote:
                    quotes.Add(quote);
                    break;
                case NewsItem item:
                    news.Add(item);
                    break;
                default:
                    rejected.Add(_rejected[i]);
                    break;
            }
        }

        return new IngestionBatch(source, runId, quotes, rejected, news);
    }

    /// <summary>Rejections by reason: the records normalization rejected, and those the store refused (<paramref name="refused"/>).</summary>
    public IReadOnlyDictionary<string, long> RejectionsByReason(IReadOnlyList<RejectedRecord>? refused = null) =>
        _rejected.Values.Concat(refused ?? [])
            .GroupBy(r => r.Reason, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => (long)g.Count(), StringComparer.Ordinal);
}
