namespace Kasparro.Grains.Interfaces.Control;

/// <summary>Who owns a source's definition: configuration (GitOps; the API refuses to change it) or the API.</summary>
[Alias("kasparro.SourceManager")]
public enum SourceManager
{
    Configuration,
    Api,
}
