namespace Kasparro.Grains.Normalization;

/// <summary>
/// Maps logical quote fields to the names a source uses (<c>Columns:price = current_price</c>).
/// Fields not mapped are looked up under their logical name.
/// </summary>
public sealed class ColumnMap
{
    private readonly Dictionary<string, string> _map;

    public ColumnMap(IReadOnlyDictionary<string, string>? overrides = null)
    {
        _map = QuoteFields.All.ToDictionary(f => f, f => f, StringComparer.OrdinalIgnoreCase);
        foreach (var (logical, sourceName) in overrides ?? new Dictionary<string, string>())
        {
            if (!string.IsNullOrWhiteSpace(sourceName))
            {
                _map[logical] = sourceName.Trim();
            }
        }
    }

    public static ColumnMap Identity { get; } = new();

    /// <summary>
    /// A new map with renames overlaid: every logical field whose source name is a key of
    /// <paramref name="renames"/> (case-insensitively) is read from the rename's value instead, e.g.
    /// <c>current_price → currentPrice</c> after a drift report found that rename. This map is unchanged.
    /// </summary>
    public ColumnMap WithRenames(IReadOnlyDictionary<string, string> renames)
    {
        ArgumentNullException.ThrowIfNull(renames);
        var byOldName = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (from, to) in renames)
        {
            byOldName.TryAdd(from, to);
        }

        var overlaid = _map.ToDictionary(
            m => m.Key,
            m => byOldName.TryGetValue(m.Value, out var renamed) && !string.IsNullOrWhiteSpace(renamed) ? renamed : m.Value,
            StringComparer.OrdinalIgnoreCase);
        return new ColumnMap(overlaid);
    }

    /// <summary>The logical fields and the source names they are read from.</summary>
    public IReadOnlyDictionary<string, string> Mappings => _map.AsReadOnly();

    /// <summary>The source's name for a logical field.</summary>
    public string SourceName(string logicalField) => _map.GetValueOrDefault(logicalField, logicalField);

    /// <summary>The value of a logical field in a record, trimmed; null when absent or blank.</summary>
    public string? Value(IReadOnlyDictionary<string, string?> fields, string logicalField)
    {
        ArgumentNullException.ThrowIfNull(fields);
        return fields.TryGetValue(SourceName(logicalField), out var value) && !string.IsNullOrWhiteSpace(value)
            ? value.Trim()
            : null;
    }
}
