using System.Runtime.ExceptionServices;
using Kasparro.Grains.Connectors;
using Kasparro.Grains.Interfaces.Sources;
using Kasparro.Grains.Normalization;
using Kasparro.Grains.Resilience;
using Kasparro.Grains.Sources;
using Kasparro.Grains.Telemetry;
using Microsoft.Extensions.Logging;

namespace Kasparro.Grains.Runs;

/// <summary>
/// The batch loop of one run, apart from any grain: read and prepare batches from the checkpoint,
/// check each sample for schema drift, write batches (up to <see cref="WritesInFlight"/> at once),
/// and commit them strictly in order, the checkpoint moving only past durable batches. Under the
/// <c>evolve</c> policy a batch that shows renamed fields starts a new pass from the last durable
/// checkpoint with the renames applied. What the run needs from its source is the <see cref="IRunSink"/>.
/// </summary>
/// <remarks>
/// One instance runs once. Single-threaded like the grain it serves; only writes go to the thread pool.
/// Traced as one <c>kasparro.run</c> span with a <c>kasparro.batch</c> child per batch read (see <see cref="KasparroTracing"/>).
/// </remarks>
public sealed partial class RunPipeline(
    SourceDefinition source, ISourceConnector connector, IRunSink sink, RunTracker tracker,
    FailureInjector injector, TimeProvider time, ILogger logger)
{
    /// <summary>
    /// Batch transactions under way at once. Two lets the database work on the next batch's rows
    /// while the previous batch's upsert finishes; the upserts lock assets in key order, so they
    /// queue behind each other rather than deadlock.
    /// </summary>
    public const int WritesInFlight = 2;

    /// <summary>
    /// Re-reads a run may make to apply new renames under the <c>evolve</c> policy. The analysis of
    /// a batch does not depend on the renames applied, so one re-read per change of the source's
    /// schema is all a run needs; the bound only guards against a source that changes mid-run.
    /// </summary>
    public const int MaxSchemaRereads = 5;

    private readonly Queue<PendingWrite> _pending = new();
    private IReadOnlyList<KnownAsset> _known = [];

    private Guid RunId => tracker.Started.RunId;

    /// <summary>The last durable checkpoint: where a pass starts reading.</summary>
    private SourceCheckpoint Checkpoint => tracker.Checkpoint ?? tracker.Started.CheckpointBefore;

    /// <summary>Runs the batches from the checkpoint with <paramref name="renames"/> applied; throws when the run fails.</summary>
    public async Task RunAsync(IReadOnlyDictionary<string, string> renames, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(renames);
        using var span = KasparroTracing.StartRun(source.Id, RunId);
        // News items mention known assets: the ones stored so far (from any source).
        _known = source.Kind == SourceKind.Rss ? await sink.GetKnownAssetsAsync() : [];
        var rereads = 0;
        var completed = false;
        try
        {
            while (true)
            {
                // The batch read again after new renames was analyzed just before (same records, same sample).
                var pass = await ReadPassAsync(renames, analyzed: rereads > 0, canReread: rereads < MaxSchemaRereads, cancellation);
                if (pass.ReadFailure is { } failure)
                {
                    ExceptionDispatchInfo.Capture(failure).Throw();
                }

                if (pass.Reread is not { } reread)
                {
                    break;
                }

                rereads++;
                logger.RenamesApplied(source.Id, RunId, reread.Count == 0 ? "none: back to the configured names" : string.Join(", ", reread.Select(r => $"{r.Key} -> {r.Value}")));
                renames = reread;
                sink.RenamesChanged(renames);
            }

            completed = true;
        }
        catch (Exception ex)
        {
            KasparroTracing.Failed(span, ex);
            throw;
        }
        finally
        {
            // Never leave a write running behind a failed run: wait for them (their rows are
            // idempotent; their checkpoints are simply not taken).
            await Task.WhenAll(_pending.Select(p => p.Completion)).ContinueWith(_ => { }, TaskScheduler.Current);
            foreach (var abandoned in _pending)
            {
                abandoned.Span?.SetTag("kasparro.batch.committed", false).Dispose();
            }

            if (!cancellation.IsCancellationRequested && (completed || tracker.RecordsWritten > 0))
            {
                await sink.LinkMentionsAsync(RunId);
            }
        }
    }

    /// <summary>
    /// One pass: reads from the last durable checkpoint with one column mapping until the source
    /// ends, reading fails, or a batch asks for other renames; commits every batch it dispatched.
    /// </summary>
    private async Task<PassResult> ReadPassAsync(
        IReadOnlyDictionary<string, string> renames, bool analyzed, bool canReread, CancellationToken cancellation)
    {
        using var pass = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        var batches = BatchPreparer.Start(connector, source, Checkpoint, NewNormalizer(renames), RunId, pass.Token, source.Drift.SampleSize);
        var dispatched = tracker.RecordsRead;
        var result = PassResult.Done;
        var stopped = false;
        await using (var reader = batches.ReadAllAsync(pass.Token).GetAsyncEnumerator(pass.Token))
        {
            while (true)
            {
                // Stopping (a cancel, a deactivation): at the batch boundary, checked before every
                // batch because batches read ahead are handed out without looking at the token.
                if (cancellation.IsCancellationRequested)
                {
                    stopped = true;
                    break;
                }

                try
                {
                    if (!await reader.MoveNextAsync())
                    {
                        break;
                    }
                }
                catch (Exception) when (cancellation.IsCancellationRequested)
                {
                    stopped = true; // the read was cut short by the stop: nothing of it was dispatched
                    break;
                }
                catch (Exception ex)
                {
                    // Reading failed (source down, bad payload): what was already read is still
                    // committed below, so the next run starts after it.
                    result = new PassResult(ex, null);
                    break;
                }

                var batch = reader.Current;
                sink.BatchArrived();
                var span = KasparroTracing.StartBatch(source.Id, RunId, dispatched, batch.Count);
                try
                {
                    var wanted = analyzed ? renames : await KasparroTracing.Within(span, () => CheckDriftAsync(batch, renames));
                    analyzed = false;
                    if (canReread && !SameRenames(wanted, renames))
                    {
                        span?.SetTag("kasparro.batch.committed", false).SetTag("kasparro.batch.reread", true);
                        result = new PassResult(null, wanted);
                        break;
                    }

                    // From here the span is the pending write's, ended when it is committed or given up.
                    var owned = span;
                    span = null;
                    dispatched = await DispatchAsync(batch, dispatched, owned);
                }
                catch (Exception ex)
                {
                    KasparroTracing.Failed(span, ex);
                    throw;
                }
                finally
                {
                    span?.Dispose();
                }
            }
        }

        // A failed write stops here, before any later batch's checkpoint can be taken. On a stop the
        // writes already started are awaited and committed too, so the checkpoint is the last durable
        // batch; then the run ends as stopped (the caller tells a cancel from a deactivation).
        await CommitAllAsync();
        if (stopped)
        {
            throw new OperationCanceledException(cancellation);
        }
        if (result.Reread is not null)
        {
            await pass.CancelAsync();
        }

        return result;
    }

    /// <summary>Starts the batch's write; returns the run index after it.</summary>
    private async Task<long> DispatchAsync(PreparedBatch batch, long dispatched, System.Diagnostics.Activity? span)
    {
        var failAt = injector.FailurePoint(dispatched, batch.Count);
        var write = batch.ToWrite(source.Id, RunId, failAt ?? batch.Count);

        // Writes run on the thread pool, up to WritesInFlight at once (each its own transaction);
        // checkpoints still advance strictly in order, in CommitOldestAsync.
        var writing = KasparroTracing.Within(span, () => Task.Run(() => sink.WriteBatchAsync(write), CancellationToken.None));
        _pending.Enqueue(new PendingWrite(batch, write, dispatched, failAt, writing) { Span = span });

        // A batch cut short by failure injection ends the run: commit what precedes it, then fail.
        while (_pending.Count >= WritesInFlight || (failAt is not null && _pending.Count > 0))
        {
            await CommitOldestAsync();
        }

        return dispatched + batch.Count;
    }

    private IRecordNormalizer NewNormalizer(IReadOnlyDictionary<string, string> renames) =>
        source.Kind == SourceKind.Rss
            ? new NewsNormalizer(new MentionMatcher(_known), time)
            : new QuoteNormalizer(new ColumnMap(source.Columns).WithRenames(renames), time);

    private sealed record PassResult(Exception? ReadFailure, IReadOnlyDictionary<string, string>? Reread)
    {
        public static readonly PassResult Done = new(null, null);
    }
}
