namespace Kasparro.Grains.Interfaces.Sources;

/// <summary>Where a run is in its life. Serialized by name in JSON and the run log.</summary>
[Alias("kasparro.RunStatus")]
public enum RunStatus
{
    Running,
    Success,
    Failed,
}
