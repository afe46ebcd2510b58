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
