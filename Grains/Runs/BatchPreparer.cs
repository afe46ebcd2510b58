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

    public static ChannelReader<PreparedBatch> Start(
        ISourceConnector connector, SourceDefinition source, SourceCheckpoint from, QuoteNormalizer normalizer,
        Guid runId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connector);
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(normalizer);
        var channel = Channel.CreateBounded<PreparedBatch>(new BoundedChannelOptions(Lookahead)
        {
            SingleReader = true,
            SingleWriter = true,
        });

        _ = Task.Run(async () =>
        {
            try
            {
                await foreach (var batch in connector.ReadAsync(source, from, cancellationToken))
                {
                    await channel.Writer.WriteAsync(PreparedBatch.Prepare(batch, normalizer, source.Id, runId), cancellationToken);
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
