using Kasparro.Grains.Interfaces.Sources;

namespace Kasparro.Grains.Runs;

/// <summary>The live counters of a run in progress; snapshots become the <see cref="RunInfo"/> everyone sees.</summary>
public sealed class RunTracker(RunInfo started)
{
    private readonly Dictionary<string, long> _rejections = new(started.Rejections, StringComparer.Ordinal);

    public RunInfo Started { get; } = started;

    public long RecordsRead { get; private set; } = started.RecordsRead;

    public long RecordsWritten { get; private set; } = started.RecordsWritten;

    public long RecordsRejected { get; private set; } = started.RecordsRejected;

    public SourceCheckpoint? Checkpoint { get; private set; }

    /// <summary>Where the run's time went (logged at Debug when it ends).</summary>
    public RunPhases Phases { get; } = new();

    /// <summary>The drift the run saw and what its policy did about it, for the run's <c>drift.detected</c> alerts.</summary>
    public Alerts.RunDriftLog Drift { get; } = new();

    public static RunTracker Start(string source, SourceCheckpoint checkpoint, string trigger, DateTime now) =>
        new(new RunInfo(Guid.NewGuid(), source, RunStatus.Running, now, null, 0, 0, 0,
            new Dictionary<string, long>(), null, null, checkpoint, null, trigger));

    public void BatchCommitted(long read, long written, IReadOnlyDictionary<string, long> rejections, SourceCheckpoint checkpoint)
    {
        ArgumentNullException.ThrowIfNull(rejections);
        RecordsRead += read;
        RecordsWritten += written;
        foreach (var (reason, count) in rejections)
        {
            _rejections[reason] = _rejections.GetValueOrDefault(reason) + count;
            RecordsRejected += count;
        }

        Checkpoint = checkpoint;
    }

    public RunInfo Snapshot() => Started with
    {
        RecordsRead = RecordsRead,
        RecordsWritten = RecordsWritten,
        RecordsRejected = RecordsRejected,
        Rejections = new Dictionary<string, long>(_rejections, StringComparer.Ordinal),
        CheckpointAfter = Checkpoint,
    };

    public RunInfo Succeeded(DateTime now) => Snapshot() with
    {
        Status = RunStatus.Success,
        CompletedAt = now,
        CheckpointAfter = Checkpoint ?? Started.CheckpointBefore,
    };

    public RunInfo Failed(DateTime now, string errorType, string errorMessage) => Snapshot() with
    {
        Status = RunStatus.Failed,
        CompletedAt = now,
        ErrorType = errorType,
        // Clients read it (/runs, /sources, /health): no file paths or database addresses; the log keeps the full text.
        ErrorMessage = Normalization.StorableText.Message(Normalization.PublicText.Redact(Normalization.StorableText.Message(errorMessage))),
        CheckpointAfter = Checkpoint ?? Started.CheckpointBefore,
    };

    /// <summary>
    /// Stopped on request at a batch boundary: what was committed stands, the checkpoint is the last
    /// durable batch. Not a failure: <see cref="RunInfo.ErrorType"/> says <c>cancelled</c> so clients
    /// that only read the error fields still see why it ended early.
    /// </summary>
    public RunInfo Cancelled(DateTime now) => Snapshot() with
    {
        Status = RunStatus.Cancelled,
        CompletedAt = now,
        ErrorType = CancelledErrorType,
        ErrorMessage = CancelledMessage,
        CheckpointAfter = Checkpoint ?? Started.CheckpointBefore,
    };

    public const string CancelledErrorType = "cancelled";

    public const string CancelledMessage = "cancelled by request";
}
