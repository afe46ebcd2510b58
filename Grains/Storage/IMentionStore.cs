namespace Kasparro.Grains.Storage;

/// <summary>
/// Keeps news items linked to the assets they mention, whichever source ran first. The store
/// keeps a registry of every (symbol, name) pair ever stored as an asset, numbered in the order it
/// learned them, and with every news item the number it is linked through. Writing a news item (new
/// or changed) sets that number to 0; <see cref="LinkAsync"/> registers the assets stored since the
/// last call and matches every item linked through less than the newest number against the assets
/// above its own, adding the symbols it mentions (see <see cref="Mentions.MentionLinker"/>).
/// </summary>
/// <remarks>
/// Why stored links rather than matching at query time: <c>/news?symbol=</c> filters and pages on
/// the stored symbols (an index in PostgreSQL) and counts its total; matching on every read would
/// scan and match every item against every asset per request. Links change only when assets or
/// items do, so they are computed then, once, for only what is new. Calls are serialized (a
/// PostgreSQL advisory lock, a lock in memory) and idempotent: a call that finds nothing new
/// changes nothing, and a failed call is caught up by the next.
/// </remarks>
public interface IMentionStore
{
    /// <summary>Links what is not linked yet; returns the number of news items whose symbols changed.</summary>
    Task<int> LinkAsync(CancellationToken cancellationToken);
}
