using Kasparro.Grains.Connectors;
using Kasparro.Grains.Drift;
using Kasparro.Grains.Interfaces.Drift;
using Kasparro.Grains.Interfaces.Sources;
using Kasparro.Grains.Normalization;
using Kasparro.Grains.Resilience;
using Kasparro.Grains.Runs;
using Microsoft.Extensions.Logging;

namespace Kasparro.Grains.Sources;

/// <content>The batch loop of a run: read and prepare, check for schema drift, write, commit in order.</content>
public sealed partial class SourceGrain
{
    /// <summary>
    /// Re-reads a run may make to apply new renames under the <c>evolve</c> policy. The analysis of
    /// a batch does not depend on the renames applied, so one re-read per change of the source's
    /// schema is all a run needs; the bound only guards against a source that changes mid-run.
    /// </summary>
    private const int MaxSchemaRereads = 5;

    private static readonly IReadOnlyDictionary<string, string> NoRenames = new Dictionary<string, string>();

    private async Task IngestAsync(SourceDefinition d, ISourceConnector connector, RunTracker tracker, FailureInjector injector, CancellationToken cancellation)
    {
        var runId = tracker.Started.RunId;
        // News items mention known assets: the ones stored so far (from any source).
        var known = d.Kind == SourceKind.Rss ? await store.GetKnownAssetsAsync(CancellationToken.None) : [];
        var renames = RememberedRenames(d);
        var pending = new Queue<PendingWrite>();
        var rereads = 0;
        Exception? readFailure = null;
        var completed = false;
        try
        {
            while (true)
            {
                // One pass reads from the last durable checkpoint with one column mapping; evolve
                // starts a new pass when a batch shows that the source renamed its fields.
                using var pass = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
                IRecordNormalizer normalizer = d.Kind == SourceKind.Rss
                    ? new NewsNormalizer(new MentionMatcher(known), time)
                    : new QuoteNormalizer(new ColumnMap(d.Columns).WithRenames(renames), time);
                var batches = BatchPreparer.Start(connector, d, state.State.Checkpoint, normalizer, runId, pass.Token, d.Drift.SampleSize);
                var dispatched = tracker.RecordsRead;
                IReadOnlyDictionary<string, string>? reread = null;
                // The batch read again after new renames was analyzed just before (same records, same sample).
                var analyzed = rereads > 0;
                await using (var reader = batches.ReadAllAsync(pass.Token).GetAsyncEnumerator(pass.Token))
                {
                    while (true)
                    {
                        try
                        {
                            if (!await reader.MoveNextAsync())
                            {
                                break;
                            }
                        }
                        catch (Exception ex) when (!cancellation.IsCancellationRequested)
                        {
                            // Reading failed (source down, bad payload): what was already read is still
                            // committed below, so the next run starts after it.
                            readFailure = ex;
                            break;
                        }

                        var batch = reader.Current;
                        // Runs may outlast the idle-collection age; a working grain must not be collected.
                        DelayDeactivation(TimeSpan.FromMinutes(5));
                        var wanted = analyzed ? renames : await CheckDriftAsync(d, runId, batch, renames, pending, tracker, injector);
                        analyzed = false;
                        if (!SameRenames(wanted, renames) && rereads < MaxSchemaRereads)
                        {
                            reread = wanted;
                            break;
                        }

                        var failAt = injector.FailurePoint(dispatched, batch.Count);
                        var write = batch.ToWrite(d.Id, runId, failAt ?? batch.Count);

                        // Writes run on the thread pool, up to WritesInFlight at once (each its own
                        // transaction); checkpoints still advance strictly in order, in CommitOldestAsync.
                        pending.Enqueue(new PendingWrite(batch, write, dispatched, failAt, Task.Run(() => store.WriteBatchAsync(write, CancellationToken.None), CancellationToken.None)));
                        dispatched += batch.Count;

                        // A batch cut short by failure injection ends the run: commit what precedes it, then fail.
                        while (pending.Count >= WritesInFlight || (failAt is not null && pending.Count > 0))
                        {
                            await CommitOldestAsync(d, pending, tracker, injector);
                        }
                    }
                }

                // A failed write stops here, before any later batch's checkpoint can be taken.
                await CommitAllAsync(d, pending, tracker, injector);

                if (reread is null)
                {
                    break;
                }

                await pass.CancelAsync();
                rereads++;
                metrics.SchemaReread(d.Id);
                logger.LogInformation(
                    "Source {Source}: run {RunId} applies renamed fields ({Renames}) and reads again from its checkpoint",
                    d.Id, runId, reread.Count == 0 ? "none: back to the configured names" : string.Join(", ", reread.Select(r => $"{r.Key} -> {r.Value}")));
                renames = reread;
                RememberRenames(d, renames); // stored with the next checkpoint
            }

            completed = readFailure is null;
            if (readFailure is not null)
            {
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(readFailure).Throw();
            }
        }
        finally
        {
            // Never leave a write running behind a failed run: wait for them (their rows are
            // idempotent; their checkpoints are simply not taken).
            await Task.WhenAll(pending.Select(p => p.Completion)).ContinueWith(_ => { }, TaskScheduler.Current);
            if (!cancellation.IsCancellationRequested && (completed || tracker.RecordsWritten > 0))
            {
                await LinkMentionsAsync(d, runId);
            }
        }
    }

    /// <summary>
    /// Asks the source's drift analyzer about the batch's sample, before anything of it is written,
    /// and applies the source's policy: returns the renames the batch should be read with (under
    /// <c>evolve</c>), or fails the run (under <c>freeze</c>) once the batches before it are committed.
    /// </summary>
    private async Task<IReadOnlyDictionary<string, string>> CheckDriftAsync(
        SourceDefinition d, Guid runId, PreparedBatch batch, IReadOnlyDictionary<string, string> current,
        Queue<PendingWrite> pending, RunTracker tracker, FailureInjector injector)
    {
        if (batch.DriftSamples.Count == 0)
        {
            return current; // nothing new in this batch (an unchanged API page): nothing to look at
        }

        DriftReport report;
        try
        {
            report = await GrainFactory.GetGrain<IDriftAnalyzerGrain>(d.Id).AnalyzeAsync(runId, batch.DriftSamples);
        }
        catch (Exception ex) when (d.Drift.Policy != DriftPolicy.Freeze)
        {
            // Drift analysis informs; under warn and evolve a run does not stop because it is unavailable.
            logger.LogWarning(ex, "Source {Source}: drift analysis failed for a batch of run {RunId}; ingesting it as configured", d.Id, runId);
            return current;
        }

        switch (DriftPolicies.Decide(d.Drift.Policy, report))
        {
            case DriftDecision.FailRun fail:
                await CommitAllAsync(d, pending, tracker, injector);
                throw new SchemaDriftException(fail.Reason);
            case DriftDecision.ApplyRenames apply when d.Kind != SourceKind.Rss:
                return apply.Renames;
            default:
                // No drift, or none that renames can mend: the configured mapping (which also undoes
                // renames applied earlier in the run if the source went back to its old names).
                return d.Drift.Policy == DriftPolicy.Evolve ? NoRenames : current;
        }
    }

    /// <summary>Commits every pending write, oldest first; the first failed one stops the run there.</summary>
    private async Task CommitAllAsync(SourceDefinition d, Queue<PendingWrite> pending, RunTracker tracker, FailureInjector injector)
    {
        while (pending.Count > 0)
        {
            await CommitOldestAsync(d, pending, tracker, injector);
        }
    }

    /// <summary>The renames the last run applied, when the policy is still evolve and the configured mapping unchanged.</summary>
    private IReadOnlyDictionary<string, string> RememberedRenames(SourceDefinition d) =>
        d.Drift.Policy == DriftPolicy.Evolve && d.Kind != SourceKind.Rss
        && state.State.AppliedRenames is { Count: > 0 } remembered && state.State.AppliedRenamesMapping == MappingKey(d)
            ? remembered
            : NoRenames;

    private void RememberRenames(SourceDefinition d, IReadOnlyDictionary<string, string> renames)
    {
        state.State.AppliedRenames = renames.Count == 0 ? null : new Dictionary<string, string>(renames);
        state.State.AppliedRenamesMapping = renames.Count == 0 ? null : MappingKey(d);
    }

    private static string MappingKey(SourceDefinition d) =>
        string.Join(';', d.Columns.OrderBy(c => c.Key, StringComparer.OrdinalIgnoreCase).Select(c => $"{c.Key.ToUpperInvariant()}={c.Value}"));

    private static bool SameRenames(IReadOnlyDictionary<string, string> a, IReadOnlyDictionary<string, string> b) =>
        a.Count == b.Count && a.All(r => b.TryGetValue(r.Key, out var other) && string.Equals(other, r.Value, StringComparison.OrdinalIgnoreCase));
}
