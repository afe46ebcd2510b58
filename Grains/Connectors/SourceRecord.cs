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

    /// <summary>
    /// Set by a connector that could read the record's place but not its content (bytes invalid in
    /// the source's encoding): the record is then rejected with this reason, and not normalized.
    /// </summary>
    public Normalization.Rejection? Rejection { get; init; }

    public virtual string Payload => _payload ?? string.Empty;

    /// <summary>Size of the record as read, in bytes (the raw bytes for files, the UTF-8 form otherwise): stored with a capped payload.</summary>
    public virtual long PayloadLength => System.Text.Encoding.UTF8.GetByteCount(Payload);

    public virtual string Position => _position ?? string.Empty;
}
