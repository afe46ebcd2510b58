using Kasparro.Grains.Connectors;
using Kasparro.Grains.Interfaces.Assets;
using Kasparro.Grains.Interfaces.Sources;
using Kasparro.Grains.Normalization;
using Kasparro.Grains.Storage;

namespace Kasparro.Grains.Runs;

/// <summary>A raw batch with every record normalized (in order), ready to be written.</summary>
public sealed record PreparedBatch(SourceBatch Raw, NormalizationResult[] Results)
{
    public int Count => Results.Length;

    public SourceCheckpoint CheckpointAfter => Raw.CheckpointAfter;

    /// <summary>The write for the first <paramref name="count"/> records (all of them unless a failure cuts the batch short).</summary>
    public IngestionBatch ToWrite(string source, Guid runId, int count)
    {
        var quotes = new List<AssetQuote>(count);
        var rejected = new List<RejectedRecord>();
        for (var i = 0; i < count; i++)
        {
            if (Results[i].Quote is { } quote)
            {
                quotes.Add(quote);
            }
            else
            {
                rejected.Add(RejectedRecord.From(source, runId, Raw.Records[i], Results[i].Rejection!));
            }
        }

        return new IngestionBatch(source, runId, quotes, rejected);
    }

    public IReadOnlyDictionary<string, long> RejectionsByReason() =>
        Results.Where(r => r.Rejection is not null)
            .GroupBy(r => r.Rejection!.Reason, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => (long)g.Count(), StringComparer.Ordinal);
}
