using Kasparro.Grains.Interfaces.News;
using Kasparro.Grains.Queries;
using Kasparro.Grains.Storage;
using Microsoft.Extensions.Logging;

namespace Kasparro.Grains.Mentions;

/// <summary>
/// Runs <see cref="IMentionStore.LinkAsync"/>. A single activation (not a stateless worker) so that
/// the runs of several sources ending together queue here and each later call finds the work done,
/// instead of every silo matching the same items at once (the store's lock keeps it correct anyway).
/// </summary>
[GrainType("mention-linker")]
public sealed class MentionLinkerGrain(IMentionStore store, QueryCache cache, ILogger<MentionLinkerGrain> logger) : Grain, IMentionLinkerGrain
{
    public async Task<int> Link()
    {
        // Matching is CPU work: off the grain's scheduler, as batch writes are.
        var changed = await Task.Run(() => store.LinkAsync(CancellationToken.None));
        if (changed > 0)
        {
            cache.Invalidate();
            logger.ItemsLinked(changed);
        }

        return changed;
    }
}
