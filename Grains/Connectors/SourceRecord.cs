namespace Kasparro.Grains.Connectors;

/// <summary>
/// One raw record as a connector read it: its fields by the source's own names (values as text,
/// null when absent), the raw payload kept for the rejected-records table, and a position that
/// identifies it within the source (a CSV byte offset, an API page and index).
/// </summary>
/// <remarks>
/// Payload and position are needed only for the few records that are rejected, so a connector
/// that reads millions of rows may derive them on demand (see <see cref="Csv.CsvRecord"/>) instead
/// of building two strings for every row.
/// </remarks>
public class SourceRecord
{
    private readonly string? _payload;
    private readonly string? _position;

    public SourceRecord(IReadOnlyDictionary<string, string?> fields, string payload, string position)
        : this(fields)
    {
        _payload = payload;
        _position = position;
    }

    /// <summary>For records that derive <see cref="Payload"/> and <see cref="Position"/> themselves.</summary>
    protected SourceRecord(IReadOnlyDictionary<string, string?> fields) => Fields = fields;

    public IReadOnlyDictionary<string, string?> Fields { get; }

    public virtual string Payload => _payload ?? string.Empty;

    public virtual string Position => _position ?? string.Empty;
}
