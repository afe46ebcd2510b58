using System.Threading.Channels;
using Kasparro.Grains.Connectors;
using Kasparro.Grains.Interfaces.Sources;
using Kasparro.Grains.Normalization;
using Kasparro.Grains.Sources;

namespace Kasparro.Grains.Runs;

/// <summary>
/// The reading half of a run, off the grain's scheduler: reads the connector's batches and
/// normalizes them on the thread pool, handing them over through a small bounded channel. The grain
/// writes batch n while batch n+1 is being parsed, and never runs CPU-heavy work on its own turn.
/// </summary>
public static class BatchPreparer
{
    /// <summary>
    /// Batches prepared ahead of the writer; bounded so memory stays flat whatever the source size.
    /// One is enough: parsing is several times faster than writing, and a deeper queue only holds
    /// more memory and competes with the database for the CPU while it fills.
    /// </summary>
    public const int Lookahead = 1;

    /// <summary>Records a connector reads at a time: a checkpoint every chunk, a write every batch.</summary>
    public const int ReadChunk = 2000;

    /// <summary>
    /// The read chunk for a batch size: the largest divisor of it up to <see cref="ReadChunk"/>, so
    /// that whole chunks make exactly one batch. A batch size without a usable divisor (at least a
    /// quarter of the chunk) is read in one piece.
    /// </summary>
    public static int ChunkSize(int batchSize)
    {
        if (batchSize <= ReadChunk)
        {
            return batchSize;
        }

        for (var chunk = ReadChunk; chunk >= ReadChunk / 4; chunk--)
        {
            if (batchSize % chunk == 0)
            {
                return chunk;
            }
        }

        return batchSize;
    }

    public static ChannelReader<PreparedBatch> Start(
        ISourceConnector connector, SourceDefinition source, SourceCheckpoint from, IRecordNormalizer normalizer,
        Guid runId, CancellationToken cancellationToken, int driftSampleSize = 0)
    {
        ArgumentNullException.ThrowIfNull(connector);
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(normalizer);
        var channel = Channel.CreateBounded<PreparedBatch>(new BoundedChannelOptions(Lookahead)
        {
            SingleReader = true,
            SingleWriter = true,
        });

        // Each batch gets its own sampler: the drift analyzer looks at records from all of it.
        PreparedBatch.Builder NewBuilder() => new(
            normalizer, source.Id, runId, source.BatchSize,
            driftSampleSize > 0 ? new Drift.BatchSampler(source.Kind, driftSampleSize) : null);

        _ = Task.Run(async () =>
        {
            try
            {
                // The connector reads small chunks; they are normalized at once and gathered into
                // write batches of BatchSize, so raw records never pile up in memory.
                var chunked = source with { BatchSize = ChunkSize(source.BatchSize) };
                var builder = NewBuilder();
                await foreach (var chunk in connector.ReadAsync(chunked, from, cancellationToken))
                {
                    builder.Append(chunk);
                    if (builder.Count >= source.BatchSize)
                    {
                        await channel.Writer.WriteAsync(builder.Build(), cancellationToken);
                        builder = NewBuilder();
                    }
                }

                if (builder.Count > 0)
                {
                    await channel.Writer.WriteAsync(builder.Build(), cancellationToken);
                }

                channel.Writer.Complete();
            }
            catch (Exception ex)
            {
                channel.Writer.Complete(ex);
            }
        }, CancellationToken.None);

        return channel.Reader;
    }
}
