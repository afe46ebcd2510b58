using System.Diagnostics.CodeAnalysis;

namespace Kasparro.Grains.Drift;

/// <summary>What the run does with a batch after its drift report, by the source's <see cref="DriftPolicy"/>.</summary>
public abstract record DriftDecision
{
    private DriftDecision()
    {
    }

    /// <summary>Go on with the batch as configured.</summary>
    [SuppressMessage("Naming", "CA1716:Identifiers should not match keywords", Justification = "Only C# callers; the name says what the run does.")]
    public sealed record Continue : DriftDecision;

    /// <summary>
    /// Read the batch again with these renames overlaid on the column map (see
    /// <see cref="Normalization.ColumnMap.WithRenames"/>): expected field name → the name the source now uses.
    /// </summary>
    public sealed record ApplyRenames(IReadOnlyDictionary<string, string> Renames) : DriftDecision;

    /// <summary>Fail the run before the batch is written; the checkpoint does not move.</summary>
    public sealed record FailRun(string Reason) : DriftDecision;
}
