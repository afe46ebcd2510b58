using System.Collections.Concurrent;
using Kasparro.Grains.Interfaces.Drift;
using Kasparro.Grains.Interfaces.Sources;
using Kasparro.Grains.Normalization;
using Kasparro.Grains.Runs;
using Kasparro.Grains.Storage;

namespace Kasparro.Tests.Runs.Pipeline;

/// <summary>
/// The source's side of a run, in memory. It keeps what is durable (rows whose write finished) and
/// the checkpoints taken, and checks on every checkpoint that the records before it are durable.
/// </summary>
internal sealed class FakeRunSink : IRunSink
{
    private readonly ConcurrentDictionary<string, byte> _durable = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> _events = new();
    private int _writesStarted;

    /// <summary>The drift report for a sample (null: no drift). Throwing makes the analysis fail.</summary>
    public Func<IReadOnlyList<DriftSample>, DriftReport?> Analyze { get; init; } = _ => null;

    /// <summary>Called at the start of each write with its 0-based number; may delay or fail it.</summary>
    public Func<int, IngestionBatch, Task> BeforeWrite { get; init; } = (_, _) => Task.CompletedTask;

    /// <summary>Rows the store refuses (by external id): counted as rejected by the pipeline.</summary>
    public ISet<string> Refuse { get; init; } = new HashSet<string>(StringComparer.Ordinal);

    public List<SourceCheckpoint> Checkpoints { get; } = [];

    public List<RunInfo> Progress { get; } = [];

    public List<BatchCounts> Committed { get; } = [];

    public List<IReadOnlyDictionary<string, string>> Renames { get; } = [];

    public List<FailureType> Injected { get; } = [];

    public List<Guid> MentionLinks { get; } = [];

    public int DriftAnalyses { get; private set; }

    public int BatchesArrived { get; private set; }

    public int WritesStarted => Volatile.Read(ref _writesStarted);

    public IReadOnlyCollection<string> Durable => [.. _durable.Keys];

    public IReadOnlyList<string> Events => [.. _events];

    public Task<IReadOnlyList<KnownAsset>> GetKnownAssetsAsync() => Task.FromResult<IReadOnlyList<KnownAsset>>([]);

    public void BatchArrived() => BatchesArrived++;

    public Task<DriftReport> AnalyzeDriftAsync(Guid runId, IReadOnlyList<DriftSample> samples)
    {
        DriftAnalyses++;
        return Task.FromResult(Analyze(samples) ?? NoDrift());
    }

    public async Task<BatchWriteResult> WriteBatchAsync(IngestionBatch batch)
    {
        var number = Interlocked.Increment(ref _writesStarted) - 1;
        // Writes start on the thread pool, so their start order is not the batches' order: events name
        // a batch by its first record, never by when its write happened to start.
        var label = batch.Quotes.Count > 0 ? batch.Quotes[0].ExternalId : $"#{number}";
        _events.Enqueue($"write {label} started");
        await BeforeWrite(number, batch);
        var refused = batch.Quotes.Where(q => Refuse.Contains(q.ExternalId))
            .Select(q => new RejectedRecord(batch.Source, batch.RunId, q.ExternalId, q.ExternalId, "refused_by_store", "test")).ToList();
        // Refused and rejected rows are stored too (in the rejected records), as the real store does.
        foreach (var id in batch.Quotes.Select(q => q.ExternalId).Concat(batch.Rejected.Select(r => $"r{r.Payload}")))
        {
            _durable[id] = 0;
        }

        _events.Enqueue($"write {label} durable");
        return new BatchWriteResult(batch.Written - refused.Count, refused);
    }

    public Task BatchCommittedAsync(SourceCheckpoint checkpoint, RunInfo progress, BatchCounts counts)
    {
        // Every accepted record before the checkpoint must be durable by now.
        for (var i = 0; i < checkpoint.RecordsCommitted; i++)
        {
            if (!_durable.ContainsKey($"r{i}"))
            {
                throw new InvalidOperationException($"checkpoint {checkpoint.RecordsCommitted} taken before record r{i} was durable");
            }
        }

        _events.Enqueue($"checkpoint {checkpoint.RecordsCommitted}");
        Checkpoints.Add(checkpoint);
        Progress.Add(progress);
        Committed.Add(counts);
        return Task.CompletedTask;
    }

    public void RenamesChanged(IReadOnlyDictionary<string, string> renames) => Renames.Add(renames);

    public void FailureInjected(FailureType type) => Injected.Add(type);

    public Task LinkMentionsAsync(Guid runId)
    {
        MentionLinks.Add(runId);
        return Task.CompletedTask;
    }

    public static DriftReport Report(bool breaking = false, params FuzzyMatch[] renames) =>
        NoDrift() with { DriftDetected = true, Breaking = breaking, FuzzyMatches = renames, BreakingFields = breaking ? ["price"] : [] };

    private static DriftReport NoDrift() =>
        new(Guid.NewGuid(), "test", null, "csv", false, false, 1, [], [], [], [], [], [], [], 0, DateTime.UnixEpoch);
}
