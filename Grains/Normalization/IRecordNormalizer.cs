using Kasparro.Grains.Connectors;

namespace Kasparro.Grains.Normalization;

/// <summary>Turns a raw record of one kind of source into its unified record, or the reason it cannot.</summary>
public interface IRecordNormalizer
{
    NormalizationResult Normalize(SourceRecord record, string source, Guid runId);
}
