using Kasparro.Grains.Interfaces.Sources;

namespace Kasparro.Grains.Interfaces.Control;

/// <summary>
/// The cluster's catalog of sources (one activation, key 0), kept as durable grain state: every
/// definition with who manages it and its version, and the audit trail of every change. Each change
/// is validated as configuration is, stored here, then handed to the source grain, which keeps its
/// own copy beside its checkpoint. <c>by</c> in every change is the id of the API key
/// that asked (never the key). Operational commands (pause, reset, cancel, …) go through here too,
/// so each is recorded.
/// </summary>
[Alias("kasparro.ISourceRegistryGrain")]
public interface ISourceRegistryGrain : IGrainWithIntegerKey
{
    /// <summary>Every source that is not deleted, by id (ordinal order).</summary>
    [Alias("GetAll"), Orleans.Concurrency.AlwaysInterleave]
    Task<IReadOnlyList<SourceDocument>> GetAll();

    /// <summary>The source's definition; null when there is none or it was deleted.</summary>
    [Alias("Find"), Orleans.Concurrency.AlwaysInterleave]
    Task<SourceDocument?> Find(string id);

    /// <summary>
    /// Creates or replaces a source managed by the API. <paramref name="ifMatch"/>: the version the
    /// caller read (null: any). Throws <see cref="SourceDefinitionException"/> (invalid),
    /// <see cref="SourceManagedByConfigurationException"/>, <see cref="SourceVersionMismatchException"/>.
    /// </summary>
    [Alias("Put")]
    Task<PutSourceResult> Put(string id, IReadOnlyDictionary<string, string> settings, long? ifMatch, string by);

    /// <summary>Unschedules and hides the source; with <paramref name="purge"/>, also deletes its data once a run in progress has stopped.</summary>
    [Alias("Delete")]
    Task Delete(string id, bool purge, long? ifMatch, string by);

    /// <summary>
    /// At silo start: the sources configuration declares (settings relative to each entry). Creates or
    /// updates them as managed by configuration; a source configuration declared before and no longer
    /// does is disabled (its data and history stay). Idempotent, so every silo may call it.
    /// </summary>
    [Alias("ApplyConfiguration")]
    Task ApplyConfiguration(IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> declared);

    [Alias("Pause")]
    Task<SourceStatus> Pause(string id, string? reason, string by);

    /// <summary>Resumes a paused source: its schedule is registered again.</summary>
    [Alias("Unpause")]
    Task<SourceStatus> Unpause(string id, string by);

    /// <summary>The checkpoint back to the start: the next run re-reads everything.</summary>
    [Alias("Reset")]
    Task<SourceStatus> Reset(string id, string by);

    /// <summary>The checkpoint back to where run <paramref name="fromRun"/> started: the runs since are re-read.</summary>
    [Alias("Replay")]
    Task<SourceStatus> Replay(string id, Guid fromRun, string by);

    /// <summary>Stops a running run at its next batch boundary; it is recorded as cancelled.</summary>
    [Alias("CancelRun")]
    Task<RunInfo> CancelRun(Guid runId, string by);

    [Alias("SetFailureInjection")]
    Task<FailureInjectionSettings> SetFailureInjection(string id, FailureInjectionSettings injection, string by);
}
