using Kasparro.Grains.Interfaces.Control;
using Kasparro.Grains.Interfaces.Queries;

namespace Kasparro.Grains.Storage;

/// <summary>
/// The InMemory provider's audit trail, held by one silo process and gone when it stops. It keeps
/// every event (changes to sources are few) and answers as PostgreSQL does: the same text rules, the
/// same order (time, then the event id as PostgreSQL orders uuids: by their text), idempotent appends.
/// </summary>
public sealed class InMemorySourceEventStore : ISourceEventStore
{
    private readonly Dictionary<Guid, SourceEvent> _events = [];
    private readonly Dictionary<string, List<SourceEvent>> _bySource = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    public Task AppendAsync(IReadOnlyList<SourceEvent> events, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(events);
        var stored = events.Select(StorableSourceEvent.From).ToArray();
        lock (_lock)
        {
            foreach (var e in stored)
            {
                if (_events.TryAdd(e.EventId, e))
                {
                    if (!_bySource.TryGetValue(e.Source, out var trail))
                    {
                        _bySource[e.Source] = trail = [];
                    }

                    trail.Add(e);
                }
            }
        }

        return Task.CompletedTask;
    }

    public Task<Page<SourceEvent>> PageAsync(string source, string? kind, PageRequest page, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(page);
        List<SourceEvent> matching;
        lock (_lock)
        {
            matching = _bySource.TryGetValue(StorableSourceEvent.Source(source), out var trail)
                ? [.. trail.Where(e => kind is null || string.Equals(e.Kind, kind, StringComparison.Ordinal))]
                : [];
        }

        var items = matching
            .OrderByDescending(e => e.At)
            .ThenByDescending(e => e.EventId.ToString(), StringComparer.Ordinal)
            .Skip((int)Math.Min(page.Offset, int.MaxValue))
            .Take(page.Size)
            .ToList();
        return Task.FromResult(new Page<SourceEvent>(items, matching.Count, page));
    }
}
