using Kasparro.Grains.Interfaces.Control;
using Kasparro.Grains.Interfaces.Sources;

namespace Kasparro.Grains.Sources;

/// <content>
/// The grain's own copy of its definition, kept with the checkpoint. The source registry hands each
/// version over (<see cref="Define"/>); a grain that has none yet (first activation after an upgrade,
/// or activated by its reminder before the registry reached it) asks the registry once.
/// </content>
public sealed partial class SourceGrain
{
    private string Id => this.GetPrimaryKeyString();

    /// <summary>Whether the grain holds a live definition (not none, not deleted).</summary>
    private bool IsDefined => state.State.Document is { Deleted: false };

    private SourceDefinition Definition =>
        _definition ??= state.State.Document is { Deleted: false } document ? parser.Parse(document) : throw new UnknownSourceException(Id);

    /// <summary>The definition the run in progress started with (a change applies from the next run on); else the current one.</summary>
    private SourceDefinition RunDefinition => _runDefinition ?? Definition;

    private SourceDefinition? _runDefinition;

    public async Task Define(SourceDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        if (document.Id != Id)
        {
            throw new ArgumentException($"A definition of '{document.Id}' was sent to source '{Id}'.", nameof(document));
        }

        var current = state.State.Document;
        if (current is null || current.Version != document.Version || current.Deleted != document.Deleted
            || !SourceSettings.SameAs(current.Settings, document.Settings))
        {
            var before = IsDefined ? Definition : null;
            state.State.Document = document;
            _definition = null;
            if (before is not null && !document.Deleted && (Definition.Kind != before.Kind || Definition.Url != before.Url))
            {
                // Another kind or location is another stream: a position in the old one means nothing in it.
                state.State.Checkpoint = SourceCheckpoint.Start;
                logger.CheckpointResetByDefinition(Id, document.Version);
            }

            await PersistAsync();
        }

        await EnsureScheduled();
    }

    /// <summary>A grain without a definition asks the registry for it (and keeps it); false when the registry has none either.</summary>
    private async Task<bool> LoadDefinitionAsync()
    {
        if (state.State.Document is not null)
        {
            return IsDefined;
        }

        if (await GrainFactory.GetGrain<ISourceRegistryGrain>(0).Find(Id) is not { } document)
        {
            return false;
        }

        state.State.Document = document;
        _definition = null;
        await PersistAsync();
        return true;
    }

    /// <summary>What to do to run a disabled source, by who manages it.</summary>
    private SourceDisabledException Disabled(SourceDefinition d) =>
        state.State.Document?.ManagedBy == SourceManager.Api
            ? new SourceDisabledException($"Source '{d.Id}' is disabled: PUT /sources/{d.Id} with \"enabled\": true to run it.") { SourceId = d.Id }
            : new SourceDisabledException(d.Id, $"{SourceCatalog.Section}:{d.Id}:Enabled");
}
