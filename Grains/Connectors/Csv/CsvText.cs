using System.Text;
using System.Text.Unicode;
using CsvHelper;
using Kasparro.Grains.Normalization;

namespace Kasparro.Grains.Connectors.Csv;

/// <summary>Decoding of CSV header names and the rejection of rows whose bytes are not valid UTF-8.</summary>
internal static class CsvText
{
    /// <summary>
    /// The current record as header names, decoded with the source's encoding and made storable (they
    /// go into the checkpoint, kept in grain state and in the run log's <c>jsonb</c>, and into drift reports).
    /// </summary>
    public static string[] HeaderNames(CsvReader csv, Encoding encoding)
    {
        var names = new string[csv.FieldCount];
        for (var i = 0; i < names.Length; i++)
        {
            names[i] = StorableText.Name(encoding.GetString(csv.GetSpan(i)));
        }

        return names;
    }

    /// <summary>The rejection of the current record, naming its first field with invalid bytes.</summary>
    public static Rejection InvalidUtf8(CsvReader csv, IReadOnlyList<string> header)
    {
        var field = "a field";
        for (var i = 0; i < csv.FieldCount; i++)
        {
            if (!Utf8.IsValid(csv.GetRawSpan(i)))
            {
                field = i < header.Count ? header[i] : $"field {i + 1}";
                break;
            }
        }

        return new Rejection(
            RejectionReasons.InvalidEncoding,
            $"{field} holds bytes that are not valid UTF-8 (set the source's Encoding if the file is in another encoding)");
    }
}
