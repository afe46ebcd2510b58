namespace Kasparro.Grains.Interfaces.News;

/// <summary>
/// Links stored news items to the assets they mention once those assets are stored, so news links
/// do not depend on which source ran first. One activation for the cluster: call it with key 0.
/// Source grains call it at the end of every run; a call that finds nothing new changes nothing.
/// </summary>
[Alias("kasparro.IMentionLinkerGrain")]
public interface IMentionLinkerGrain : IGrainWithIntegerKey
{
    /// <summary>Links every item not yet matched against every stored asset; returns how many items gained symbols.</summary>
    [Alias("Link")]
    Task<int> Link();
}
