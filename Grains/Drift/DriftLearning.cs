using Kasparro.Grains.Interfaces.Drift;

namespace Kasparro.Grains.Drift;

/// <summary>
/// Learning progress of one source: the declared schema it started from (by fingerprint: a changed
/// declaration, e.g. a new column map, starts learning over), the runs that gave a clean analysis,
/// what their samples showed, and the learned schema once enough runs were seen.
/// </summary>
[GenerateSerializer, Alias("kasparro.DriftLearning")]
public sealed class DriftLearning
{
    [Id(0)]
    public string Fingerprint { get; set; } = "";

    [Id(1)]
    public List<Guid> CleanRuns { get; set; } = [];

    [Id(2)]
    public List<LearnedField> Fields { get; set; } = [];

    [Id(3)]
    public int Samples { get; set; }

    [Id(4)]
    public ExpectedSchema? Learned { get; set; }
}
