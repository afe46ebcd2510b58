namespace Kasparro.Grains.Connectors;

/// <summary>
/// One raw record as a connector read it: its fields by the source's own names (values as text,
/// null when absent), the raw payload kept for the rejected-records table, and a position that
/// identifies it within the source (a CSV byte offset, an API page and index).
/// </summary>
public sealed record SourceRecord(IReadOnlyDictionary<string, string?> Fields, string Payload, string Position);
