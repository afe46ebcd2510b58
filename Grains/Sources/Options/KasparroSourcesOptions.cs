namespace Kasparro.Grains.Sources;

/// <summary>
/// The sources part of the <c>Kasparro</c> section: <c>Kasparro:Sources:{id}</c> entries and the
/// failure injection every source starts from (<c>Kasparro:FailureInjection:*</c>). A start-up
/// decision: <see cref="SourceCatalog"/> reads it once.
/// </summary>
public sealed class KasparroSourcesOptions
{
    public const string Section = "Kasparro";

    public Dictionary<string, SourceOptions> Sources { get; set; } = new(StringComparer.Ordinal);

    public FailureInjectionOptions FailureInjection { get; set; } = new();
}
