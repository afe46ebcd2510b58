using System.Diagnostics;
using Kasparro.Grains.Storage;

namespace Kasparro.Grains.Runs;

/// <summary>
/// A batch whose write is under way on the thread pool. <see cref="FailAt"/> is set when failure
/// injection cut it short: once the write is done, the run fails there. The completion says which
/// rows the store refused: they count as rejected, not written. <see cref="Span"/> is the batch's
/// trace span (null when nobody traces), ended when the batch is committed or given up.
/// </summary>
public sealed record PendingWrite(PreparedBatch Batch, IngestionBatch Write, long FirstRecord, int? FailAt, Task<BatchWriteResult> Completion)
{
    public Activity? Span { get; init; }
}
