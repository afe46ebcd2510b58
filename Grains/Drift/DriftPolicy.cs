namespace Kasparro.Grains.Drift;

/// <summary>
/// What a source does about drift (<c>Kasparro:Sources:{id}:DriftPolicy</c>), after dlt's schema
/// contracts and Airbyte's schema change settings.
/// </summary>
public enum DriftPolicy
{
    /// <summary>Apply confident renames and go on.</summary>
    Evolve,

    /// <summary>Ingest what still validates and record the drift (the default).</summary>
    Warn,

    /// <summary>Fail the run on breaking drift, before the batch is written.</summary>
    Freeze,
}
