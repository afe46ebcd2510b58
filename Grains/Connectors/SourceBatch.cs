using Kasparro.Grains.Interfaces.Sources;

namespace Kasparro.Grains.Connectors;

/// <summary>A batch of raw records and the checkpoint that holds once the batch is durable.</summary>
public sealed record SourceBatch(IReadOnlyList<SourceRecord> Records, SourceCheckpoint CheckpointAfter);
