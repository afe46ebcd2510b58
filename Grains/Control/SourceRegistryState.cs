using Kasparro.Grains.Interfaces.Control;

namespace Kasparro.Grains.Control;

/// <summary>
/// What the registry persists: every source's definition (deleted ones too, so a re-created source
/// continues its version numbers), the audit events not yet in the event store (its outbox), and the
/// sources whose grain has not yet acknowledged its latest definition.
/// </summary>
[GenerateSerializer, Alias("kasparro.SourceRegistryState")]
public sealed class SourceRegistryState
{
    [Id(0)]
    public Dictionary<string, SourceDocument> Sources { get; set; } = new(StringComparer.Ordinal);

    [Id(1)]
    public List<SourceEvent> UnsentEvents { get; set; } = [];

    [Id(2)]
    public HashSet<string> UnpushedSources { get; set; } = new(StringComparer.Ordinal);
}
