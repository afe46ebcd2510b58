using Kasparro.Grains.Interfaces.Control;
using Microsoft.Extensions.Configuration;

namespace Kasparro.Grains.Sources;

/// <summary>
/// A source's settings as flat configuration keys relative to its entry (<c>Url</c>,
/// <c>Columns:symbol</c>, <c>Resilience:MaxAttempts</c>): how a <see cref="SourceDocument"/> holds a
/// definition, whether it came from configuration or through the API. Keys compare without case, as
/// configuration does.
/// </summary>
public static class SourceSettings
{
    public static IReadOnlyDictionary<string, string> Empty { get; } = Normalize([]);

    /// <summary>The scalar keys under <paramref name="section"/>, relative to it.</summary>
    public static IReadOnlyDictionary<string, string> From(IConfigurationSection section)
    {
        ArgumentNullException.ThrowIfNull(section);
        return Normalize(section.AsEnumerable(makePathsRelative: true)
            .Where(kv => kv.Value is not null)
            .Select(kv => KeyValuePair.Create(kv.Key, kv.Value!)));
    }

    /// <summary>A copy in key order, keys compared without case (the last of two keys differing in case wins).</summary>
    public static IReadOnlyDictionary<string, string> Normalize(IEnumerable<KeyValuePair<string, string>> settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var sorted = new SortedDictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (key, value) in settings)
        {
            sorted[key.Trim()] = value;
        }

        return new Dictionary<string, string>(sorted, StringComparer.OrdinalIgnoreCase);
    }

    public static bool SameAs(IReadOnlyDictionary<string, string> a, IReadOnlyDictionary<string, string> b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        return a.Count == b.Count && a.All(kv => b.TryGetValue(kv.Key, out var v) && string.Equals(v, kv.Value, StringComparison.Ordinal));
    }

    /// <summary>Every key whose value differs, with both values (null where unset) as they may be shown (see <see cref="SourceSecrets"/>).</summary>
    public static IReadOnlyDictionary<string, SettingChange> Diff(IReadOnlyDictionary<string, string>? before, IReadOnlyDictionary<string, string> after)
    {
        ArgumentNullException.ThrowIfNull(after);
        before ??= Empty;
        var changes = new SortedDictionary<string, SettingChange>(StringComparer.OrdinalIgnoreCase);
        foreach (var key in before.Keys.Concat(after.Keys).Distinct(StringComparer.OrdinalIgnoreCase))
        {
            var old = before.GetValueOrDefault(key);
            var now = after.GetValueOrDefault(key);
            if (!string.Equals(old, now, StringComparison.Ordinal))
            {
                changes[key] = new SettingChange(SourceSecrets.Shown(key, old), SourceSecrets.Shown(key, now));
            }
        }

        return new Dictionary<string, SettingChange>(changes, StringComparer.OrdinalIgnoreCase);
    }
}
