using Kasparro.Grains.Connectors;
using Kasparro.Grains.Interfaces.Sources;
using Kasparro.Grains.Normalization;
using Kasparro.Grains.Runs;
using Kasparro.Grains.Storage;

namespace Kasparro.Tests.Runs;

public sealed class RejectedRecordTests
{
    [Fact]
    public void A_rejected_record_is_storable_with_a_capped_payload_and_its_size_as_read()
    {
        var payload = "id\0," + new string('h', 10 * 1024 * 1024);
        var record = new SourceRecord(new Dictionary<string, string?>(), payload, "7");

        var rejected = RejectedRecord.From("csv", Guid.Empty, record, new Rejection("value_too_long", "name '\0" + new string('a', 3000) + "'"));

        Assert.StartsWith("id\u2400,hhh", rejected.Payload, StringComparison.Ordinal);
        Assert.Equal(StorableText.PayloadLimitBytes, System.Text.Encoding.UTF8.GetByteCount(rejected.Payload));
        Assert.Equal(payload.Length, rejected.PayloadLength);
        Assert.DoesNotContain('\0', rejected.Detail);
        Assert.Equal(StorableText.MessageLimit, rejected.Detail.Length);
    }

    [Fact]
    public void Rows_that_differ_only_past_the_cap_keep_apart()
    {
        var a = new SourceRecord(new Dictionary<string, string?>(), new string('x', 5000) + "a", "1");
        var b = new SourceRecord(new Dictionary<string, string?>(), new string('x', 5000) + "b", "1");
        var rejection = new Rejection("invalid_number", "price");

        Assert.NotEqual(RejectedRecord.From("s", Guid.Empty, a, rejection).RecordHash, RejectedRecord.From("s", Guid.Empty, b, rejection).RecordHash);
    }

    [Fact]
    public void A_record_the_connector_could_not_read_is_rejected_without_normalizing()
    {
        var unreadable = new SourceRecord(new Dictionary<string, string?>(), "caf?", "3")
        {
            Rejection = new Rejection(RejectionReasons.InvalidEncoding, "name holds bytes that are not valid UTF-8"),
        };
        var batch = new SourceBatch([unreadable], new SourceCheckpoint(1, DateTime.UtcNow));

        var prepared = PreparedBatch.Prepare(batch, new Throwing(), "csv", Guid.Empty);

        Assert.Equal(1, prepared.RejectionsByReason()[RejectionReasons.InvalidEncoding]);
        Assert.Equal("caf?", prepared.ToWrite("csv", Guid.Empty, 1).Rejected.Single().Payload);
    }

    private sealed class Throwing : IRecordNormalizer
    {
        public NormalizationResult Normalize(SourceRecord record, string source, Guid runId) =>
            throw new InvalidOperationException("an unreadable record is not normalized");
    }
}
