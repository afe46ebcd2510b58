namespace Kasparro.Grains.Storage;

/// <content>
/// A batch never fails for one bad row. The happy path is the plain write, with no extra work per
/// row. When the database refuses the batch for a data reason, the rows every store refuses (see
/// <see cref="StorageScreen"/>) are taken out in one pass and the rest is written again; if the
/// database still refuses something, the batch is split in halves, each its own transaction, down
/// to the single rows it refuses. Writes are idempotent, so a row written twice on the way changes
/// nothing; the caller moves its checkpoint only after this returns, when every part is durable.
/// Any other error fails the write.
/// </content>
public sealed partial class PostgresIngestionStore
{
    public async Task<BatchWriteResult> WriteBatchAsync(IngestionBatch batch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        Exception failure;
        try
        {
            await WriteOnceAsync(StorageScreen.Apply(batch, rows: false).Batch, cancellationToken);
            return BatchWriteResult.AllOf(batch);
        }
        catch (Exception ex) when (StorageErrors.IsDataRefusal(ex))
        {
            failure = ex;
        }

        var (screened, refused) = StorageScreen.Apply(batch);
        if (refused.Count > 0)
        {
            try
            {
                await WriteOnceAsync(screened, cancellationToken);
                return new BatchWriteResult(batch.Written - refused.Count, refused);
            }
            catch (Exception ex) when (StorageErrors.IsDataRefusal(ex))
            {
                failure = ex;
            }
        }

        var splitter = new Splitter(this, screened, refused, cancellationToken);
        await splitter.WriteAsync(0, screened.Quotes.Count + screened.News.Count + screened.Rejected.Count, failure);
        await splitter.WriteRefusalsAsync();
        return new BatchWriteResult(batch.Written - splitter.Refused.Count, splitter.Refused);
    }

    /// <summary>Bisects one refused batch. Rows of a batch are numbered quotes first, then news items, then rejects.</summary>
    private sealed class Splitter(PostgresIngestionStore store, IngestionBatch batch, List<RejectedRecord> screened, CancellationToken cancellationToken)
    {
        private readonly List<RejectedRecord> _found = [];

        /// <summary>Every refused quote and news item: those screened out first, then those the database refused.</summary>
        public List<RejectedRecord> Refused { get; } = [.. screened];

        /// <summary>Writes rows [from, to); <paramref name="failure"/> is set when that range is already known to be refused.</summary>
        public async Task WriteAsync(int from, int to, Exception? failure)
        {
            if (failure is null)
            {
                try
                {
                    await store.WriteOnceAsync(Slice(from, to), cancellationToken);
                    return;
                }
                catch (Exception ex) when (StorageErrors.IsDataRefusal(ex))
                {
                    failure = ex;
                }
            }

            if (to - from > 1)
            {
                var middle = from + ((to - from) / 2);
                await WriteAsync(from, middle, null);
                await WriteAsync(middle, to, null);
                return;
            }

            var detail = StorageErrors.Describe(failure);
            var quotes = batch.Quotes.Count;
            var news = batch.News.Count;
            if (from < quotes)
            {
                _found.Add(StorageRefusals.Refused(batch.Quotes[from], detail));
            }
            else if (from < quotes + news)
            {
                _found.Add(StorageRefusals.Refused(batch.News[from - quotes], detail));
            }
            else
            {
                await WriteLastResortAsync(StorageRefusals.Placeholder(batch.Rejected[from - quotes - news], detail));
            }
        }

        /// <summary>Stores the stand-ins of the rows the database refused (themselves storable, so this ends).</summary>
        public async Task WriteRefusalsAsync()
        {
            Refused.AddRange(_found);
            foreach (var stand in _found)
            {
                await WriteLastResortAsync(stand);
            }
        }

        private async Task WriteLastResortAsync(RejectedRecord record)
        {
            try
            {
                await store.WriteOnceAsync(batch with { Quotes = [], News = [], Rejected = [record] }, cancellationToken);
            }
            catch (Exception ex) when (StorageErrors.IsDataRefusal(ex))
            {
                // Not even an escaped description can be stored (a constraint of someone else's
                // making): the row is still counted as rejected; retrying could only loop.
            }
        }

        private IngestionBatch Slice(int from, int to)
        {
            var quotes = batch.Quotes.Count;
            var news = batch.News.Count;
            return batch with
            {
                Quotes = Range(batch.Quotes, from, to),
                News = Range(batch.News, from - quotes, to - quotes),
                Rejected = Range(batch.Rejected, from - quotes - news, to - quotes - news),
            };
        }

        private static List<T> Range<T>(IReadOnlyList<T> rows, int from, int to)
        {
            var start = Math.Clamp(from, 0, rows.Count);
            var end = Math.Clamp(to, 0, rows.Count);
            return [.. rows.Skip(start).Take(end - start)];
        }
    }
}
