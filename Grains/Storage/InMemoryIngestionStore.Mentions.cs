using Kasparro.Grains.Interfaces.News;
using Kasparro.Grains.Mentions;
using Kasparro.Grains.Normalization;

namespace Kasparro.Grains.Storage;

/// <content>
/// Mention links in memory, as PostgreSQL keeps them (see <see cref="IMentionStore"/>). An item's
/// link number is kept with the exact item object it was given for: a batch that rewrites the item
/// stores a new object, which counts as linked through 0, like the reset in PostgreSQL's upsert.
/// </content>
public sealed partial class InMemoryIngestionStore : IMentionStore
{
    private readonly object _mentionLock = new();
    private readonly List<RegisteredAsset> _registry = [];
    private readonly HashSet<KnownAsset> _registered = [];
    private readonly Dictionary<(string Source, string Key), (NewsItem Item, long Through)> _linked = [];

    public Task<int> LinkAsync(CancellationToken cancellationToken)
    {
        lock (_mentionLock)
        {
            var stored = new List<KnownAsset>();
            var pending = new List<(string Source, SourceData Data, NewsItem Item, long Through)>();
            foreach (var (_, data) in _sources)
            {
                lock (data)
                {
                    stored.AddRange(data.Latest.Values.Select(q => new KnownAsset(q.Symbol, q.Name)));
                }
            }

            foreach (var entry in MentionLinker.NewEntries(stored, _registered, _registry.Count))
            {
                _registry.Add(entry);
                _registered.Add(entry.Asset);
            }

            var top = (long)_registry.Count;
            foreach (var (source, data) in _sources)
            {
                lock (data)
                {
                    foreach (var item in data.News.Values)
                    {
                        var through = _linked.TryGetValue((source, item.ItemKey), out var linked) && ReferenceEquals(linked.Item, item) ? linked.Through : 0;
                        if (through < top)
                        {
                            pending.Add((source, data, item, through));
                        }
                    }
                }
            }

            var symbols = MentionLinker.Link(pending.Select(p => new StoredNewsText(p.Item.Title, p.Item.Summary, p.Item.Symbols, p.Through)).ToArray(), _registry);
            var changed = 0;
            for (var i = 0; i < pending.Count; i++)
            {
                var (source, data, item, _) = pending[i];
                lock (data)
                {
                    // Rewritten by a batch meanwhile: it is linked through 0 now, and linked by the next call.
                    if (!data.News.TryGetValue(item.ItemKey, out var current) || !ReferenceEquals(current, item))
                    {
                        continue;
                    }

                    var updated = item;
                    if (!item.Symbols.SequenceEqual(symbols[i], StringComparer.Ordinal))
                    {
                        updated = item with { Symbols = symbols[i] };
                        data.News[item.ItemKey] = updated;
                        changed++;
                    }

                    _linked[(source, item.ItemKey)] = (updated, top);
                }
            }

            return Task.FromResult(changed);
        }
    }
}
