using System.Diagnostics.CodeAnalysis;

namespace Kasparro.Grains.Interfaces.Drift;

/// <summary>
/// The type of a raw field as the drift analyzer sees it: JSON types for JSON sources, and what a
/// text value reads as (number, timestamp, plain string) for text sources such as CSV.
/// </summary>
[SuppressMessage("Naming", "CA1720:Identifier contains type name", Justification = "The members are the JSON type names on purpose.")]
[Alias("kasparro.FieldType")]
public enum FieldType
{
    String,
    Number,
    Timestamp,
    Boolean,
    Object,
    Array,
}
