namespace Kasparro.Grains.Interfaces.Control;

/// <summary>The kinds of <see cref="SourceEvent"/>, as stored and served.</summary>
public static class SourceEventKinds
{
    public const string Created = "created";
    public const string Replaced = "replaced";
    public const string Deleted = "deleted";
    public const string Purged = "purged";

    /// <summary>Configuration declared the source (or changed its declaration) at start.</summary>
    public const string Declared = "declared";

    /// <summary>Configuration no longer declares the source: it is disabled, its data and history stay.</summary>
    public const string Undeclared = "undeclared";

    public const string Paused = "paused";
    public const string Resumed = "resumed";
    public const string Reset = "reset";
    public const string Replayed = "replayed";
    public const string RunCancelled = "run_cancelled";
    public const string FailureInjectionSet = "failure_injection_set";
}
