using System.Text.Json.Serialization;
using Kasparro.Grains.Interfaces.Control;
using Kasparro.Grains.Interfaces.Json;

namespace Kasparro.Api.Contracts;

/// <summary>
/// One entry of a source's audit trail, as <c>GET /sources/{source}/events</c> lists it. <c>by</c> is
/// the id of the API key that asked (never the key) or <c>configuration</c>; <c>changes</c> is keyed by
/// setting name, written as the setting is named (<c>Url</c>, <c>Columns:symbol</c>), each with its
/// value before and after (null where unset; secrets as <c>***</c>).
/// </summary>
public sealed record SourceEventView(
    Guid EventId,
    string Source,
    DateTime At,
    string Kind,
    string By,
    long? Version,
    [property: JsonConverter(typeof(VerbatimKeysConverter<SourceEventView.Change>))] IReadOnlyDictionary<string, SourceEventView.Change> Changes,
    string Detail)
{
    public static SourceEventView From(SourceEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        return new SourceEventView(
            e.EventId, e.Source, e.At, e.Kind, e.By, e.Version,
            e.Changes.ToDictionary(c => c.Key, c => new Change(c.Value.Before, c.Value.After), StringComparer.Ordinal), e.Detail);
    }

    /// <summary>A setting's value before and after the change.</summary>
    public sealed record Change(string? Before, string? After);
}
