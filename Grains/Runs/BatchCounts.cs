namespace Kasparro.Grains.Runs;

/// <summary>One committed batch: records read, written, and rejected by reason (normalization and store refusals).</summary>
public sealed record BatchCounts(long Read, long Written, IReadOnlyDictionary<string, long> Rejections);
