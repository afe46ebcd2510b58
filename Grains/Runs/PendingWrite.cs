using Kasparro.Grains.Storage;

namespace Kasparro.Grains.Runs;

/// <summary>
/// A batch whose write is under way on the thread pool. <see cref="FailAt"/> is set when failure
/// injection cut it short: once the write is done, the run fails there. The completion says which
/// rows the store refused: they count as rejected, not written.
/// </summary>
public sealed record PendingWrite(PreparedBatch Batch, IngestionBatch Write, long FirstRecord, int? FailAt, Task<BatchWriteResult> Completion);
