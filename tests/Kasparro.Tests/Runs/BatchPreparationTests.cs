using Kasparro.Grains.Connectors;
using Kasparro.Grains.Interfaces.Sources;
using Kasparro.Grains.Normalization;
using Kasparro.Grains.Runs;

namespace Kasparro.Tests.Runs;

public sealed class BatchPreparationTests
{
    [Theory]
    [InlineData(1000, 1000)]
    [InlineData(2000, 2000)]
    [InlineData(10_000, 2000)]
    [InlineData(5000, 1250)]
    [InlineData(50_000, 2000)]
    [InlineData(4999, 4999)] // prime: no usable divisor, read whole
    public void Chunks_divide_the_batch_exactly(int batchSize, int chunk)
    {
        Assert.Equal(chunk, BatchPreparer.ChunkSize(batchSize));
        Assert.Equal(0, batchSize % BatchPreparer.ChunkSize(batchSize));
    }

    [Fact]
    public void A_batch_built_from_chunks_keeps_record_order_rejects_and_the_last_checkpoint()
    {
        var builder = new PreparedBatch.Builder(new QuoteNormalizer(ColumnMap.Identity, TimeProvider.System), "csv", Guid.NewGuid());
        builder.Append(Chunk(0, 3, badAt: 1));
        builder.Append(Chunk(3, 3, badAt: 5));

        var batch = builder.Build();
        var all = batch.ToWrite("csv", Guid.NewGuid(), batch.Count);
        var firstFour = batch.ToWrite("csv", Guid.NewGuid(), 4);

        Assert.Equal(6, batch.Count);
        Assert.Equal(6, batch.CheckpointAfter.RecordsCommitted);
        Assert.Equal(["r0", "r2", "r3", "r4"], all.Quotes.Select(q => q.ExternalId));
        Assert.Equal(["1", "5"], all.Rejected.Select(r => r.Payload));
        Assert.Equal(["r0", "r2", "r3"], firstFour.Quotes.Select(q => q.ExternalId));
        Assert.Single(firstFour.Rejected);
        Assert.Equal(2, batch.RejectionsByReason()["invalid_number"]);
    }

    private static SourceBatch Chunk(int first, int count, int badAt)
    {
        var records = Enumerable.Range(first, count).Select(i => new SourceRecord(
            new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
            {
                ["id"] = $"r{i}",
                ["symbol"] = "x",
                ["name"] = "X",
                ["price"] = i == badAt ? "bad" : "1",
                ["timestamp"] = "2024-01-01T00:00:00Z",
            },
            i.ToString(System.Globalization.CultureInfo.InvariantCulture),
            i.ToString(System.Globalization.CultureInfo.InvariantCulture))).ToList();
        return new SourceBatch(records, new SourceCheckpoint(first + count, null));
    }
}
