using System.Globalization;
using System.Text;

namespace Kasparro.Grains.Connectors.Csv;

/// <summary>
/// A CSV row: its raw bytes exactly as in the file and its byte offset. The payload text and the
/// position string are made only when asked for (for a rejected row), not for every row read.
/// </summary>
internal sealed class CsvRecord(RowDictionary fields, byte[] raw, long offset, Encoding encoding) : SourceRecord(fields)
{
    public override string Payload => encoding.GetString(raw);

    public override long PayloadLength => raw.Length;

    public override string Position => offset.ToString(CultureInfo.InvariantCulture);
}
