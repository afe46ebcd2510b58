using Kasparro.Grains.Connectors;
using Kasparro.Grains.Drift;
using Kasparro.Grains.Interfaces.Sources;
using Kasparro.Grains.Normalization;
using Microsoft.Extensions.Time.Testing;

namespace Kasparro.Tests.Drift;

/// <summary>
/// The pieces the run loop puts together under evolve: a CSV header that changed between runs (a
/// column renamed, a column added) is sampled, analyzed, answered with renames, and the normalizer
/// reading through the overlaid column map gets the right values.
/// </summary>
public sealed class EvolveHeaderChangeTests
{
    private static readonly string[] NewHeader = ["id", "symbol", "name", "currentPrice", "market_cap", "volume24h", "price_change_24h", "timestamp", "exchange"];

    private static List<SourceRecord> Batch(int rows)
    {
        var index = NewHeader.Select((h, i) => (h, i)).ToDictionary(x => x.h, x => x.i, StringComparer.OrdinalIgnoreCase);
        return Enumerable.Range(0, rows).Select(i => new SourceRecord(
            new RowDictionary(index, [$"coin-{i}", $"c{i}", $"Coin {i}", $"{i}.25", "1000", $"{i * 10}", "-1", "2024-05-01T00:00:00Z", "binance"]),
            "raw",
            i.ToString(System.Globalization.CultureInfo.InvariantCulture))).ToList();
    }

    [Fact]
    public void A_renamed_and_an_added_column_keep_ingesting_correct_values_under_evolve()
    {
        var source = new Kasparro.Grains.Sources.SourceDefinition(
            "exchange-b", SourceKind.Csv, "b.csv", TimeSpan.FromMinutes(5), true, 1000,
            new Dictionary<string, string> { ["price"] = "current_price" }, FailureInjectionSettings.Off);
        var batch = Batch(500);
        var sampler = new BatchSampler(SourceKind.Csv);
        sampler.AddRange(batch.Take(200));
        sampler.AddRange(batch.Skip(200));

        var report = SchemaDriftAnalyzer.Analyze(ExpectedSchemas.For(source), sampler.Sample(), source.Id, Guid.NewGuid(), DateTime.UtcNow);
        var configured = new ColumnMap(source.Columns);
        var before = new QuoteNormalizer(configured, new FakeTimeProvider(new DateTimeOffset(2024, 6, 1, 0, 0, 0, TimeSpan.Zero)));
        var decision = Assert.IsType<DriftDecision.ApplyRenames>(DriftPolicies.Decide(DriftPolicy.Evolve, report));
        var after = new QuoteNormalizer(configured.WithRenames(decision.Renames), new FakeTimeProvider(new DateTimeOffset(2024, 6, 1, 0, 0, 0, TimeSpan.Zero)));

        Assert.Equal(["exchange"], report.ExtraFields);
        Assert.Equal(1.0, report.Confidence);
        Assert.Equal(RejectionReasons.MissingField, before.Normalize(batch[7], source.Id, Guid.Empty).Rejection!.Reason);
        var quotes = batch.Select(r => after.Normalize(r, source.Id, Guid.Empty).Quote!).ToList();
        Assert.Equal(500, quotes.Count(q => q is not null));
        Assert.Equal(7.25m, quotes[7].CurrentPrice);
        Assert.Equal(4990m, quotes[499].Volume24h);
    }
}
