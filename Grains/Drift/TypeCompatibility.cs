using Kasparro.Grains.Interfaces.Drift;

namespace Kasparro.Grains.Drift;

/// <summary>
/// Which observed types still satisfy an expected type. A timestamp is always an acceptable string.
/// In text (CSV, feeds) every scalar is text, so a string field accepts numbers and booleans too,
/// and a timestamp field accepts numbers (Unix epoch seconds or milliseconds, as the validator
/// reads them). In JSON the type is the source's statement: a number arriving as a string, an
/// object where a scalar was, an epoch number where an ISO string was, are changes.
/// </summary>
public static class TypeCompatibility
{
    public static bool Accepts(FieldType expected, FieldType observed, bool json) => expected switch
    {
        _ when expected == observed => true,
        FieldType.String => observed == FieldType.Timestamp || (!json && observed is FieldType.Number or FieldType.Boolean),
        FieldType.Timestamp => !json && observed == FieldType.Number,
        _ => false,
    };

    /// <summary>
    /// The type change of a field, if more than half of its values have a type the expected one does
    /// not accept (a few bad values are the validator's business, not drift): the most frequent of
    /// those types is reported.
    /// </summary>
    public static FieldType? Changed(FieldType expected, FieldProfile observed, bool json)
    {
        ArgumentNullException.ThrowIfNull(observed);
        var incompatible = observed.Types.Where(t => !Accepts(expected, t.Key, json)).ToList();
        var count = incompatible.Sum(t => t.Value);
        if (count * 2 <= observed.WithValue)
        {
            return null;
        }

        return incompatible.OrderByDescending(t => t.Value).ThenBy(t => t.Key).First().Key;
    }
}
