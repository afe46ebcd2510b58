using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Kasparro.Grains.Interfaces.Drift;
using Kasparro.Grains.Normalization;

namespace Kasparro.Grains.Drift;

/// <summary>
/// What type a raw value has. JSON values have their JSON type, except that a string holding an
/// ISO 8601 date-time counts as a timestamp. Text values (CSV cells, feed fields) read as a number
/// when they parse as one (NaN and infinities included: they are numbers, if bad ones), as a
/// timestamp when they are ISO 8601 date-times, as a boolean for true/false, otherwise as a string.
/// Null, absent and blank values have no type: they count towards the null rate instead.
/// </summary>
public static partial class FieldTypeInference
{
    /// <summary>The JSON value's type, or null for JSON null and blank strings.</summary>
    public static FieldType? OfJson(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Number => FieldType.Number,
        JsonValueKind.True or JsonValueKind.False => FieldType.Boolean,
        JsonValueKind.Object => FieldType.Object,
        JsonValueKind.Array => FieldType.Array,
        JsonValueKind.String => value.GetString() is { } s && !string.IsNullOrWhiteSpace(s)
            ? (IsIsoTimestamp(s) ? FieldType.Timestamp : FieldType.String)
            : null,
        _ => null,
    };

    /// <summary>The type a text value reads as, or null when it is absent or blank.</summary>
    public static FieldType? OfText(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var trimmed = text.Trim();
        if (NumberParser.Parse(trimmed, out _) != NumberParser.Outcome.Invalid)
        {
            return FieldType.Number;
        }

        if (IsIsoTimestamp(trimmed))
        {
            return FieldType.Timestamp;
        }

        return trimmed.Equals("true", StringComparison.OrdinalIgnoreCase) || trimmed.Equals("false", StringComparison.OrdinalIgnoreCase)
            ? FieldType.Boolean
            : FieldType.String;
    }

    /// <summary>
    /// A date with an optional time and offset, in ISO 8601 form, that is a real date. Stricter than
    /// <see cref="DateTimeOffset.TryParse(string, out DateTimeOffset)"/>, which would take "1/2" for a date.
    /// </summary>
    public static bool IsIsoTimestamp(string text) =>
        IsoShape().IsMatch(text)
        && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out _);

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}([.,]\d{1,9})?)?)?\s?(Z|[+-]\d{2}(:?\d{2})?)?$", RegexOptions.CultureInvariant)]
    private static partial Regex IsoShape();
}
