using Kasparro.Grains.Interfaces.Drift;

namespace Kasparro.Grains.Storage;

/// <summary>
/// The InMemory provider's drift log, held by one silo process. It keeps the newest
/// <see cref="Capacity"/> reports, so a long-running InMemory process does not grow without end.
/// </summary>
public sealed class InMemoryDriftStore : IDriftStore
{
    public const int Capacity = 10_000;

    private readonly LinkedList<DriftReport> _reports = new();
    private readonly HashSet<Guid> _ids = [];
    private readonly Lock _lock = new();

    public Task RecordAsync(DriftReport report, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(report);
        lock (_lock)
        {
            if (_ids.Add(report.ReportId))
            {
                _reports.AddFirst(report);
                if (_reports.Count > Capacity)
                {
                    _ids.Remove(_reports.Last!.Value.ReportId);
                    _reports.RemoveLast();
                }
            }
        }

        return Task.CompletedTask;
    }

    public Task<long> PurgeSourceAsync(string source, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(source);
        lock (_lock)
        {
            long removed = 0;
            for (var node = _reports.First; node is not null;)
            {
                var next = node.Next;
                if (string.Equals(node.Value.Source, source, StringComparison.Ordinal))
                {
                    _ids.Remove(node.Value.ReportId);
                    _reports.Remove(node);
                    removed++;
                }

                node = next;
            }

            return Task.FromResult(removed);
        }
    }

    public Task<DriftLogPage> QueryAsync(DriftLogQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var q = query.Normalized();
        lock (_lock)
        {
            var matching = _reports
                .Where(r => q.Source is null || r.Source == q.Source)
                .Where(r => q.DriftDetected is null || r.DriftDetected == q.DriftDetected)
                .OrderByDescending(r => r.DetectedAt)
                .ToList();
            return Task.FromResult(new DriftLogPage(matching.Skip(q.Offset).Take(q.Limit).ToList(), matching.Count));
        }
    }
}
