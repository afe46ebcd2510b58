using Kasparro.Grains.Connectors;
using Kasparro.Grains.Interfaces.Drift;
using Kasparro.Grains.Interfaces.Sources;
using Kasparro.Grains.Normalization;

namespace Kasparro.Grains.Drift;

/// <summary>Turns raw records into the samples the drift analyzer takes (raw records do not cross the wire).</summary>
public static class DriftSamples
{
    /// <summary>Longest text value sent: enough to tell a number, a timestamp or a string apart.</summary>
    public const int MaxTextLength = 1024;

    /// <summary>Sources whose records are JSON objects: their payload is sampled, so JSON types are seen.</summary>
    public static bool IsJson(SourceKind kind) => kind == SourceKind.CoinGecko;

    public static DriftSample From(SourceRecord record, SourceKind kind)
    {
        ArgumentNullException.ThrowIfNull(record);
        if (IsJson(kind))
        {
            return DriftSample.FromJson(StorableJson.Clean(record.Payload));
        }

        var fields = new Dictionary<string, string?>(record.Fields.Count, StringComparer.Ordinal);
        foreach (var (name, value) in record.Fields)
        {
            // Names and values end up in the analyzer's state and reports: storable, never cut inside a character.
            fields.TryAdd(StorableText.Name(name), value is null ? null : StorableText.Free(StorableText.Clip(value, MaxTextLength)));
        }

        return DriftSample.FromText(fields);
    }

    public static IReadOnlyList<DriftSample> From(IEnumerable<SourceRecord> records, SourceKind kind)
    {
        ArgumentNullException.ThrowIfNull(records);
        return records.Select(r => From(r, kind)).ToList();
    }
}
