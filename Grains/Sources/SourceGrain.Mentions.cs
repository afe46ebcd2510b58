using Kasparro.Grains.Interfaces.News;

namespace Kasparro.Grains.Sources;

/// <content>News links after a run: whichever source ran first, news items end up linked to the assets stored.</content>
public sealed partial class SourceGrain
{
    /// <summary>
    /// Asks the mention linker to link stored news items to the assets stored so far, before the run
    /// is reported finished: a market run links the news read before its assets existed, a feed run
    /// links its items against assets stored while it ran. A failure does not fail the run (its data
    /// is durable); the next run of any source links what this one could not.
    /// </summary>
    private async Task LinkMentionsAsync(SourceDefinition d, Guid runId)
    {
        try
        {
            await GrainFactory.GetGrain<IMentionLinkerGrain>(0).Link();
        }
        catch (Exception ex)
        {
            logger.MentionLinkFailed(ex, d.Id, runId);
        }
    }
}
