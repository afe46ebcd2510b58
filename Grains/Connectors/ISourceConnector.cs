using Kasparro.Grains.Interfaces.Sources;
using Kasparro.Grains.Sources;

namespace Kasparro.Grains.Connectors;

/// <summary>
/// Reads one kind of source incrementally: batches of raw records from <c>checkpoint</c> on, each
/// carrying the checkpoint to store once it is durable. Streams; never loads a source whole.
/// </summary>
public interface ISourceConnector
{
    SourceKind Kind { get; }

    IAsyncEnumerable<SourceBatch> ReadAsync(SourceDefinition source, SourceCheckpoint checkpoint, CancellationToken cancellationToken);
}
