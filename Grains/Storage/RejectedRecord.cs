using System.Security.Cryptography;
using System.Text;
using Kasparro.Grains.Connectors;
using Kasparro.Grains.Normalization;

namespace Kasparro.Grains.Storage;

/// <summary>A record that failed validation, kept with its reason. <see cref="RecordHash"/> makes re-reads idempotent.</summary>
public sealed record RejectedRecord(string Source, Guid RunId, string RecordHash, string Payload, string Reason, string Detail)
{
    public static RejectedRecord From(string source, Guid runId, SourceRecord record, Rejection rejection)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(rejection);
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(record.Position + "\n" + record.Payload)));
        return new RejectedRecord(source, runId, hash, record.Payload, rejection.Reason, rejection.Detail);
    }
}
