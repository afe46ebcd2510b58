namespace Kasparro.Grains.Storage;

/// <summary>Names of the Orleans grain storage providers. Grain classes refer to these, never to literals.</summary>
public static class StorageNames
{
    /// <summary>The grain state store (memory or the OrleansStorage table, depending on the provider).</summary>
    public const string GrainState = "kasparro";
}
