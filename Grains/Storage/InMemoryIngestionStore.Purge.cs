using Kasparro.Grains.Interfaces.Sources;

namespace Kasparro.Grains.Storage;

/// <content>Deleting a source's data, as PostgreSQL does it (see <see cref="PostgresIngestionStore"/>).</content>
public sealed partial class InMemoryIngestionStore
{
    public Task<SourcePurge> PurgeSourceAsync(string source, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(source);
        long assets = 0, quotes = 0, news = 0, rejected = 0;
        if (_sources.TryRemove(source, out var data))
        {
            lock (data)
            {
                (assets, quotes, news, rejected) = (data.Latest.Count, data.History.Count, data.News.Count, data.Rejected.Count);
            }
        }

        lock (_mentionLock)
        {
            foreach (var key in _linked.Keys.Where(k => string.Equals(k.Source, source, StringComparison.Ordinal)).ToArray())
            {
                _linked.Remove(key);
            }
        }

        long runs = 0;
        lock (_runSummaries)
        {
            foreach (var run in _runs.Values.Where(r => string.Equals(r.Source, source, StringComparison.Ordinal)).ToArray())
            {
                runs += _runs.TryRemove(run.RunId, out _) ? 1 : 0;
            }

            _runSummaries.Remove(source);
        }

        return Task.FromResult(new SourcePurge(assets, quotes, news, rejected, runs, 0));
    }
}
