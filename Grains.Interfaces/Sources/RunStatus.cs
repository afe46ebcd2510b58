namespace Kasparro.Grains.Interfaces.Sources;

/// <summary>Where a run is in its life. Serialized by name in JSON and the run log.</summary>
[Alias("kasparro.RunStatus")]
public enum RunStatus
{
    Running,
    Success,
    Failed,

    /// <summary>
    /// Stopped at a batch boundary because an operator asked (<c>POST /runs/{id}/cancel</c>): neither a
    /// success nor a failure. Its checkpoint is the last durable batch; it is not resumed.
    /// </summary>
    Cancelled,
}
