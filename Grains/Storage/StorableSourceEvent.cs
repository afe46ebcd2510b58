using Kasparro.Grains.Interfaces.Control;
using Kasparro.Grains.Normalization;

namespace Kasparro.Grains.Storage;

/// <summary>
/// An audit event as both stores keep it. Reasons, details, setting names and values come from API
/// callers and may hold anything (NUL, lone surrogates, megabytes); an event the database refused
/// would be retried from the registry's outbox without end, so every text is made storable here,
/// alike for PostgreSQL and memory (see <see cref="StorableText"/>):
/// <list type="bullet">
/// <item>identifying text (source, kind, by, setting names) keeps every character it can: NUL and
/// lone surrogates are written as <c>\uXXXX</c> escapes (<see cref="StorableText.Escape"/>), so two
/// names never become one; then clipped;</item>
/// <item>free text (the detail, setting values) loses control characters other than tab and line
/// breaks, lone surrogates become U+FFFD, and it is clipped to <see cref="StorableText.MessageLimit"/>
/// (<see cref="StorableText.Message"/>).</item>
/// </list>
/// The time is UTC, cut to whole microseconds (what <c>timestamptz</c> holds); changes are ordered by
/// setting name (ordinal), as both stores then read them back.
/// </summary>
public static class StorableSourceEvent
{
    /// <summary>Longest source id kept (ids are at most 64 plain characters; anything longer was never a source).</summary>
    public const int SourceLimit = 64;

    public const int KindLimit = 64;

    /// <summary>Longest key id or setting name kept.</summary>
    public const int NameLimit = 256;

    /// <summary><paramref name="e"/> as it is stored.</summary>
    public static SourceEvent From(SourceEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        return new SourceEvent(
            e.EventId, Source(e.Source), Time(e.At), Identifier(e.Kind, KindLimit), Identifier(e.By, NameLimit), e.Version,
            Changes(e.Changes), StorableText.Message(e.Detail ?? ""));
    }

    /// <summary>A source id as stored: what an append stores and what a read looks for.</summary>
    public static string Source(string source) => Identifier(source, SourceLimit);

    /// <summary>The last resort for an event the database refused even so: its identity kept, its text described.</summary>
    public static SourceEvent Placeholder(SourceEvent stored, string reason)
    {
        ArgumentNullException.ThrowIfNull(stored);
        return stored with
        {
            Changes = new Dictionary<string, SettingChange>(StringComparer.Ordinal),
            Detail = StorageRefusals.Detail($"(event stored without its changes and detail: {reason})"),
        };
    }

    private static string Identifier(string? text, int limit) => StorableText.Clip(StorableText.Escape(text ?? ""), limit);

    private static DateTime Time(DateTime at)
    {
        var utc = at.Kind switch
        {
            DateTimeKind.Local => at.ToUniversalTime(),
            DateTimeKind.Unspecified => DateTime.SpecifyKind(at, DateTimeKind.Utc),
            _ => at,
        };
        return new DateTime(utc.Ticks - (utc.Ticks % TimeSpan.TicksPerMicrosecond), DateTimeKind.Utc);
    }

    private static Dictionary<string, SettingChange> Changes(IReadOnlyDictionary<string, SettingChange>? changes)
    {
        var stored = new Dictionary<string, SettingChange>(StringComparer.Ordinal);
        foreach (var (name, change) in (changes ?? new Dictionary<string, SettingChange>()).OrderBy(c => c.Key, StringComparer.Ordinal))
        {
            // Two names that differ only past the limit would become one: the first (in name order) is kept.
            stored.TryAdd(Identifier(name, NameLimit), new SettingChange(Value(change?.Before), Value(change?.After)));
        }

        return stored;
    }

    private static string? Value(string? value) => value is null ? null : StorableText.Message(value);
}
