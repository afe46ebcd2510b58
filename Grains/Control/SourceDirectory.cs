using Kasparro.Grains.Interfaces.Control;
using Kasparro.Grains.Interfaces.Sources;
using Kasparro.Grains.Sources;

namespace Kasparro.Grains.Control;

/// <summary>
/// The silo's view of the registry's catalog for the paths that only need to know which sources
/// exist (query filters, triggers, the drift analyzer): a snapshot at most a second old, so a busy
/// read path does not call the registry per request. An id the snapshot lacks is asked of the registry
/// before it is refused, so a source created a moment ago is found at once; a source deleted a moment
/// ago may be seen for up to a second.
/// </summary>
public sealed class SourceDirectory(IGrainFactory grains, SourceDefinitionParser parser, TimeProvider time)
{
    private static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(1);

    private readonly Lock _gate = new();
    private Snapshot? _snapshot;
    private Task<Snapshot>? _refresh;

    /// <summary>Every live source, by id (ordinal order).</summary>
    public async ValueTask<IReadOnlyList<SourceDocument>> AllAsync() => (await CurrentAsync()).Documents;

    /// <summary>The source <paramref name="id"/>, or <see cref="UnknownSourceException"/> naming the known ones.</summary>
    public async ValueTask<SourceDocument> RequireAsync(string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        var snapshot = await CurrentAsync();
        if (snapshot.ById.TryGetValue(id, out var known))
        {
            return known;
        }

        return await grains.GetGrain<ISourceRegistryGrain>(0).Find(id)
            ?? throw new UnknownSourceException(id, snapshot.Documents.Select(d => d.Id));
    }

    /// <summary>Refuses a source filter (null for none) that names no source.</summary>
    public async ValueTask RequireFilterAsync(string? id)
    {
        if (id is not null)
        {
            _ = await RequireAsync(id);
        }
    }

    /// <summary>The definition of <paramref name="id"/>, as its source grain reads it.</summary>
    public async ValueTask<SourceDefinition> DefinitionAsync(string id) => parser.Parse(await RequireAsync(id));

    private Task<Snapshot> CurrentAsync()
    {
        lock (_gate)
        {
            if (_snapshot is { } s && time.GetUtcNow() - s.TakenAt < MaxAge)
            {
                return Task.FromResult(s);
            }

            // One refresh at a time; a failed one is not kept, so the next caller tries again.
            if (_refresh is { IsCompleted: true })
            {
                _refresh = null;
            }

            return _refresh ??= RefreshAsync();
        }
    }

    private async Task<Snapshot> RefreshAsync()
    {
        try
        {
            var documents = await grains.GetGrain<ISourceRegistryGrain>(0).GetAll();
            var snapshot = new Snapshot(time.GetUtcNow(), documents, documents.ToDictionary(d => d.Id, StringComparer.Ordinal));
            lock (_gate)
            {
                _snapshot = snapshot;
            }

            return snapshot;
        }
        finally
        {
            lock (_gate)
            {
                _refresh = null;
            }
        }
    }

    private sealed record Snapshot(DateTimeOffset TakenAt, IReadOnlyList<SourceDocument> Documents, IReadOnlyDictionary<string, SourceDocument> ById);
}
