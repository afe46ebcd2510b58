using Kasparro.Grains.Connectors;
using Kasparro.Grains.Drift;
using Kasparro.Grains.Interfaces.Sources;

namespace Kasparro.Tests.Drift;

/// <summary>The sampler spreads its sample over the whole batch, whatever the batch's length, with bounded memory.</summary>
public sealed class BatchSamplerTests
{
    private static SourceRecord Record(long i) =>
        new(new Dictionary<string, string?> { ["n"] = i.ToString(System.Globalization.CultureInfo.InvariantCulture) }, $"{{\"n\":{i}}}", i.ToString(System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>Streams n records in chunks of 2,000, as a connector delivers a batch.</summary>
    private static BatchSampler Stream(long n, int k = 10)
    {
        var sampler = new BatchSampler(SourceKind.Csv, k);
        for (long from = 0; from < n; from += 2000)
        {
            var chunk = new List<SourceRecord>();
            for (var i = from; i < Math.Min(n, from + 2000); i++)
            {
                chunk.Add(Record(i));
            }

            sampler.AddRange(chunk);
        }

        return sampler;
    }

    [Theory]
    [InlineData(50_000, 10)] // a full CSV batch
    [InlineData(250, 10)] // a CoinGecko page
    [InlineData(37, 10)] // a short last batch
    [InlineData(21, 10)]
    [InlineData(1_000_003, 10)]
    [InlineData(999, 7)]
    public void Exactly_one_record_comes_from_each_kth_part_of_the_batch(long n, int k)
    {
        var sampler = Stream(n, k);

        var indexes = sampler.SampledIndexes();

        Assert.Equal(k, indexes.Count);
        Assert.Equal(n, sampler.Seen);
        for (var part = 0; part < k; part++)
        {
            var from = part * n / (double)k;
            var to = (part + 1) * n / (double)k;
            Assert.Single(indexes, i => i >= from && i < to);
        }

        Assert.True(indexes.SequenceEqual(indexes.Order()));
    }

    [Fact]
    public void A_large_batch_is_sampled_near_the_middle_of_each_tenth_not_at_its_head()
    {
        var indexes = Stream(50_000).SampledIndexes();

        // The head alone would be 0..9; a spread sample reaches the last tenth.
        Assert.True(indexes[^1] >= 45_000, string.Join(",", indexes));
        Assert.True(indexes.Zip(indexes.Skip(1), (a, b) => b - a).All(gap => gap >= 2_000), string.Join(",", indexes));
    }

    [Fact]
    public void A_batch_smaller_than_the_sample_is_taken_whole()
    {
        Assert.Equal([0L, 1, 2, 3, 4, 5, 6], Stream(7).SampledIndexes());
        Assert.Empty(Stream(0).Sample());
    }

    [Fact]
    public void The_sample_is_deterministic_and_reset_starts_a_new_batch()
    {
        var sampler = Stream(12_345);
        var first = sampler.SampledIndexes();
        Assert.Equal(first, Stream(12_345).SampledIndexes());

        sampler.Reset();
        sampler.AddRange(Enumerable.Range(0, 5).Select(i => Record(i)));
        Assert.Equal([0L, 1, 2, 3, 4], sampler.SampledIndexes());
    }

    [Fact]
    public void Samples_carry_text_fields_for_csv_and_the_json_payload_for_coingecko()
    {
        var csv = new BatchSampler(SourceKind.Csv, 1);
        var json = new BatchSampler(SourceKind.CoinGecko, 1);
        csv.Add(Record(3));
        json.Add(Record(3));

        var text = Assert.Single(csv.Sample());
        var payload = Assert.Single(json.Sample());
        Assert.Equal(("3", null), (text.Fields!["n"], text.Json));
        Assert.Equal(("{\"n\":3}", null), (payload.Json, payload.Fields));
    }
}
