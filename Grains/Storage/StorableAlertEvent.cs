using System.Text.Json;
using Kasparro.Grains.Interfaces.Alerts;
using Kasparro.Grains.Normalization;

namespace Kasparro.Grains.Storage;

/// <summary>
/// An alert event as both alert stores keep it. Its texts come from source data and API callers
/// (a drift summary names fields the source sent; a run error quotes the server), and an event the
/// database refused would stay in its producer's outbox for ever, so everything is made storable
/// here, alike for PostgreSQL and memory (the rules of <see cref="StorableSourceEvent"/>):
/// identifying text (id, kind, source, severity) keeps NUL and lone surrogates as <c>\uXXXX</c>
/// escapes, then is clipped; the summary is free text clipped to <see cref="StorableText.MessageLimit"/>;
/// the data is a JSON object with its <c>\u0000</c>-style escapes cleaned (<see cref="StorableJson"/>),
/// and anything that is not a JSON object is kept as the text of one (<c>{"unparsed": …}</c>).
/// Times are UTC, cut to whole microseconds (what <c>timestamptz</c> holds).
/// </summary>
public static class StorableAlertEvent
{
    public const int IdLimit = 256;

    public const int KindLimit = 64;

    public const int SeverityLimit = 32;

    /// <summary>The data's largest JSON kept whole, in UTF-16 units; a larger one is kept as clipped text.</summary>
    public const int DataLimit = 256 * 1024;

    /// <summary><paramref name="e"/> as it is stored.</summary>
    public static AlertEvent From(AlertEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        return new AlertEvent(
            Id(e.Id), Kind(e.Kind), Source(e.Source), Time(e.OccurredAt), Identifier(e.Severity, SeverityLimit),
            StorableText.Message(e.Summary ?? ""), e.RunId, Data(e.Data));
    }

    /// <summary>An event id as stored: what a raise stores and what a read looks for.</summary>
    public static string Id(string id) => Identifier(id, IdLimit);

    /// <summary>A source id as stored.</summary>
    public static string Source(string source) => Identifier(source, StorableSourceEvent.SourceLimit);

    /// <summary>A kind as stored.</summary>
    public static string Kind(string kind) => Identifier(kind, KindLimit);

    /// <summary>A time as stored: UTC, whole microseconds.</summary>
    public static DateTime Time(DateTime at)
    {
        var utc = at.Kind switch
        {
            DateTimeKind.Local => at.ToUniversalTime(),
            DateTimeKind.Unspecified => DateTime.SpecifyKind(at, DateTimeKind.Utc),
            _ => at,
        };
        return new DateTime(utc.Ticks - (utc.Ticks % TimeSpan.TicksPerMicrosecond), DateTimeKind.Utc);
    }

    /// <summary>A receiver's error as stored (free text, clipped).</summary>
    public static string? Error(string? error) => error is null ? null : StorableText.Message(error);

    private static string Identifier(string? text, int limit) => StorableText.Clip(StorableText.Escape(text ?? ""), limit);

    private static string Data(string? data)
    {
        if (string.IsNullOrWhiteSpace(data))
        {
            return "{}";
        }

        var cleaned = data.Length <= DataLimit ? StorableJson.Clean(data) : null;
        if (cleaned is not null && IsObject(cleaned))
        {
            return cleaned;
        }

        return JsonSerializer.Serialize(new Dictionary<string, string> { ["unparsed"] = StorableText.Message(data) });
    }

    private static bool IsObject(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            return document.RootElement.ValueKind == JsonValueKind.Object;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
