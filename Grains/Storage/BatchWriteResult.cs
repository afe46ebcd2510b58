namespace Kasparro.Grains.Storage;

/// <summary>
/// What a batch write did: how many of its quotes and news items were stored, and which ones the
/// store refused for a data reason (each already kept in the rejected records, reason
/// <see cref="Normalization.RejectionReasons.StorageRefused"/>). Refused records count as rejected, not written.
/// </summary>
public sealed record BatchWriteResult(int Written, IReadOnlyList<RejectedRecord> Refused)
{
    /// <summary>Every quote and news item of the batch was stored.</summary>
    public static BatchWriteResult AllOf(IngestionBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        return new BatchWriteResult(batch.Written, []);
    }
}
