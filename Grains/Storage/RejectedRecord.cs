using System.Security.Cryptography;
using System.Text;
using Kasparro.Grains.Connectors;
using Kasparro.Grains.Normalization;

namespace Kasparro.Grains.Storage;

/// <summary>
/// A record that failed validation, kept with its reason. <see cref="RecordHash"/> makes re-reads idempotent.
/// Every text is storable (see <see cref="StorableText"/>): the payload is capped at
/// <see cref="StorableText.PayloadLimitBytes"/> UTF-8 bytes and <see cref="PayloadLength"/> keeps the
/// size of the record as read, so both stores hold the same, bounded row.
/// </summary>
public sealed record RejectedRecord(string Source, Guid RunId, string RecordHash, string Payload, string Reason, string Detail, long PayloadLength = 0)
{
    public static RejectedRecord From(string source, Guid runId, SourceRecord record, Rejection rejection)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(rejection);
        var payload = record.Payload;

        // The hash is of the whole record as read, so two rows that differ only past the cap stay apart.
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(record.Position + "\n" + payload)));
        return new RejectedRecord(
            source, runId, hash, StorableText.Payload(payload), StorableText.Name(rejection.Reason),
            StorableText.Message(rejection.Detail), record.PayloadLength);
    }
}
