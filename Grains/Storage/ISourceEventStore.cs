using Kasparro.Grains.Interfaces.Control;
using Kasparro.Grains.Interfaces.Queries;

namespace Kasparro.Grains.Storage;

/// <summary>
/// The audit trail of source changes (<c>source_events</c>). The source registry appends the events
/// it keeps in its state until the store has them, so an append may come again: an event already
/// stored (by <see cref="SourceEvent.EventId"/>) is left as it is. Every text is made storable first
/// (see <see cref="StorableSourceEvent"/>): no event is ever refused for what its text holds.
/// </summary>
public interface ISourceEventStore
{
    /// <summary>Stores the events not stored yet; idempotent on <see cref="SourceEvent.EventId"/>.</summary>
    Task AppendAsync(IReadOnlyList<SourceEvent> events, CancellationToken cancellationToken);

    /// <summary>
    /// One source's events newest first (time, then event id, both descending), only those of
    /// <paramref name="kind"/> when it is given; the total counts every event that matches.
    /// </summary>
    Task<Page<SourceEvent>> PageAsync(string source, string? kind, PageRequest page, CancellationToken cancellationToken);
}
