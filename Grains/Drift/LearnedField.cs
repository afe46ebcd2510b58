using Kasparro.Grains.Interfaces.Drift;

namespace Kasparro.Grains.Drift;

/// <summary>What the clean learning samples showed of one field: its types and its highest null rate in a sample.</summary>
[GenerateSerializer, Alias("kasparro.LearnedField")]
public sealed class LearnedField
{
    [Id(0)]
    public string Name { get; set; } = "";

    [Id(1)]
    public Dictionary<FieldType, int> Types { get; set; } = [];

    [Id(2)]
    public double MaxNullRate { get; set; }
}
