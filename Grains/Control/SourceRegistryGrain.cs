using Kasparro.Grains.Alerts;
using Kasparro.Grains.Interfaces.Control;
using Kasparro.Grains.Interfaces.Sources;
using Kasparro.Grains.Persistence;
using Kasparro.Grains.Sources;
using Kasparro.Grains.Storage;
using Microsoft.Extensions.Logging;

namespace Kasparro.Grains.Control;

/// <summary>
/// The cluster's catalog of sources (key 0): every definition, who manages it and its version, kept
/// as grain state. A change is validated (as configuration is), stored here with its audit event,
/// then handed to the source grain; what could not be handed over or written to the event store yet
/// stays in the state and is retried (see SourceRegistryGrain.Settle.cs). Changes are one at a time
/// (not reentrant), so two writers with the same <c>If-Match</c> cannot both win; reads interleave.
/// </summary>
[GrainType("source-registry")]
public sealed partial class SourceRegistryGrain(
    [PersistentState("source-registry", StorageNames.GrainState)] IPersistentState<SourceRegistryState> state,
    ISourceEventStore events,
    IAlertStore alerts,
    IIngestionStore runs,
    TimeProvider time,
    ILogger<SourceRegistryGrain> logger) : Grain, ISourceRegistryGrain
{
    /// <summary>The key of the configuration entry that declares <paramref name="id"/>.</summary>
    public static string ConfigurationKey(string id) => $"{SourceCatalog.Section}:{id}";

    private DateTime Now => time.GetUtcNow().UtcDateTime;

    public Task<IReadOnlyList<SourceDocument>> GetAll() =>
        Task.FromResult<IReadOnlyList<SourceDocument>>([.. Live.OrderBy(d => d.Id, StringComparer.Ordinal)]);

    public Task<SourceDocument?> Find(string id) => Task.FromResult(LiveOrNull(id));

    public async Task<PutSourceResult> Put(string id, IReadOnlyDictionary<string, string> settings, long? ifMatch, string by)
    {
        ArgumentNullException.ThrowIfNull(id);
        ArgumentNullException.ThrowIfNull(settings);
        var current = state.State.Sources.GetValueOrDefault(id);
        var live = LiveOrNull(id);
        RefuseConfigurationManaged(live);
        CheckVersion(id, live, ifMatch);
        var normalized = SourceSettings.Normalize(settings);
        var errors = SourceDefinitionParser.Validate(id, normalized);
        if (errors.Count > 0)
        {
            throw new SourceDefinitionException(id, errors);
        }

        if (live is not null && SourceSettings.SameAs(live.Settings, normalized))
        {
            return new PutSourceResult(live, Created: false); // idempotent: the same definition again changes nothing
        }

        var document = new SourceDocument(id, normalized, SourceManager.Api, (current?.Version ?? 0) + 1, Now, by);
        var (kind, detail) = live is null
            ? (SourceEventKinds.Created, current is null ? "created through the API" : "created again through the API after it was deleted")
            : (SourceEventKinds.Replaced, "replaced through the API");
        await ChangeAsync(document, Event(document, kind, by, SourceSettings.Diff(live?.Settings, normalized), detail));
        return new PutSourceResult(document, Created: live is null);
    }

    public async Task Delete(string id, bool purge, long? ifMatch, string by)
    {
        ArgumentNullException.ThrowIfNull(id);
        var current = state.State.Sources.GetValueOrDefault(id);
        if (current is { Deleted: true } && purge)
        {
            await PurgeAsync(current, by); // deleted before; purge its data now
            return;
        }

        var live = LiveOrNull(id) ?? throw Unknown(id);
        RefuseConfigurationManaged(live);
        CheckVersion(id, live, ifMatch);
        var deleted = live with { Deleted = true, Version = live.Version + 1, UpdatedAt = Now, UpdatedBy = by };
        await ChangeAsync(deleted, Event(deleted, SourceEventKinds.Deleted, by, Unchanged,
            purge ? "deleted through the API; its data is purged" : "deleted through the API: unscheduled and hidden; its data and history stay"));
        await SourceGrain(id).Remove(purge: false);
        if (purge)
        {
            await PurgeAsync(deleted, by);
        }
    }

    private async Task PurgeAsync(SourceDocument deleted, string by)
    {
        var p = await SourceGrain(deleted.Id).Remove(purge: true);
        await RecordAsync(Event(deleted, SourceEventKinds.Purged, by, Unchanged, FormattableString.Invariant(
            $"purged: {p.Assets} assets, {p.Quotes} quotes, {p.NewsItems} news items, {p.RejectedRecords} rejected records, {p.Runs} runs, {p.DriftReports} drift reports deleted, and its state")));
    }

    private IEnumerable<SourceDocument> Live => state.State.Sources.Values.Where(d => !d.Deleted);

    private SourceDocument? LiveOrNull(string id) =>
        state.State.Sources.TryGetValue(id, out var d) && !d.Deleted ? d : null;

    private SourceDocument RequireLive(string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        return LiveOrNull(id) ?? throw Unknown(id);
    }

    private UnknownSourceException Unknown(string id) =>
        new(id, [.. Live.Select(d => d.Id).Order(StringComparer.Ordinal)]);

    private static void RefuseConfigurationManaged(SourceDocument? live)
    {
        if (live is { ManagedBy: SourceManager.Configuration })
        {
            throw new SourceManagedByConfigurationException(live.Id, ConfigurationKey(live.Id));
        }
    }

    /// <summary>An <c>If-Match</c> of 0 asks only that the source exists (<c>*</c>); any other must be the current version.</summary>
    private static void CheckVersion(string id, SourceDocument? live, long? ifMatch)
    {
        if (ifMatch is { } expected && (live is null || (expected != 0 && expected != live.Version)))
        {
            throw new SourceVersionMismatchException(id, expected, live?.Version);
        }
    }

    private ISourceGrain SourceGrain(string id) => GrainFactory.GetGrain<ISourceGrain>(id);

    private static readonly IReadOnlyDictionary<string, SettingChange> Unchanged = new Dictionary<string, SettingChange>();

    private SourceEvent Event(SourceDocument document, string kind, string by, IReadOnlyDictionary<string, SettingChange> changes, string detail) =>
        new(Guid.NewGuid(), document.Id, Now, kind, by, document.Version, changes, detail);

    private StateConflictGuard? _stateWrites;

    private StateConflictGuard StateWrites => _stateWrites ??= new StateConflictGuard(this, logger);
}
