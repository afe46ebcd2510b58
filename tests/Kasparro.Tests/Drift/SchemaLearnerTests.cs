using Kasparro.Grains.Drift;
using Kasparro.Grains.Interfaces.Drift;
using static Kasparro.Tests.Drift.DriftSamplesFor;

namespace Kasparro.Tests.Drift;

/// <summary>Learning from the first clean runs: after N runs the learned schema is the expected one.</summary>
public sealed class SchemaLearnerTests
{
    private static readonly ExpectedSchema Declared = CsvSchema();

    /// <summary>The source also sends an exchange column and leaves market_cap empty in 6 of 10 rows.</summary>
    private static IReadOnlyList<DriftSample> Habitual() => Csv((i, row) =>
    {
        row["exchange"] = "binance";
        row["market_cap"] = i < 6 ? "" : row["market_cap"];
    });

    private static bool Observe(DriftLearning learning, IReadOnlyList<DriftSample> samples, Guid run, int n = 2)
    {
        var profile = SampleProfile.Build(samples);
        var report = SchemaDriftAnalyzer.Analyze(learning.Learned ?? Declared, profile, "test", run, At);
        return SchemaLearner.Observe(learning, Declared, profile, report, run, n);
    }

    [Fact]
    public void After_n_clean_runs_the_learned_schema_takes_the_source_as_it_is()
    {
        var learning = new DriftLearning();
        var first = Guid.NewGuid();

        Assert.False(Observe(learning, Habitual(), first));
        Assert.False(Observe(learning, Habitual(), first)); // a second batch of the same run is not another run
        Assert.True(Observe(learning, Habitual(), Guid.NewGuid()));

        var learned = learning.Learned!;
        Assert.Equal("csv-market-quote+learned", learned.Name);
        Assert.Equal(new ExpectedField("exchange", FieldType.String, false, 0), learned.Fields[^1]);
        Assert.Equal(0.6, learned.Fields.Single(f => f.Name == "market_cap").NullRate);
        Assert.Equal(Declared.Fields.Select(f => (f.Name, f.Type, f.Key)), learned.Fields.Take(8).Select(f => (f.Name, f.Type, f.Key)));

        // What was drift against the declared schema is the norm against the learned one...
        Assert.True(Analyze(Declared, Habitual()).DriftDetected);
        Assert.False(Analyze(learned, Habitual()).DriftDetected);
        // ...and losing the learned column is drift now.
        var lost = Analyze(learned, Csv());
        Assert.Equal(["exchange"], lost.MissingFields);
    }

    [Fact]
    public void Analyses_with_missing_renamed_or_retyped_declared_fields_are_not_learned_from()
    {
        var learning = new DriftLearning();

        Assert.False(Observe(learning, Csv((_, row) => row.Remove("timestamp")), Guid.NewGuid(), n: 1));
        Assert.False(Observe(learning, Csv((_, row) =>
        {
            row["Price-USD"] = row["price"];
            row.Remove("price");
        }), Guid.NewGuid(), n: 1));
        Assert.False(Observe(learning, Csv((_, row) => row["price"] = "n/a"), Guid.NewGuid(), n: 1));
        Assert.False(Observe(learning, [], Guid.NewGuid(), n: 1));

        Assert.Empty(learning.CleanRuns);
        Assert.Null(learning.Learned);
        Assert.True(Observe(learning, Csv(), Guid.NewGuid(), n: 1));
    }

    [Fact]
    public void A_field_seen_in_only_some_learning_samples_is_learned_as_often_null()
    {
        var learning = new DriftLearning();
        Observe(learning, Csv(), Guid.NewGuid(), n: 2);
        Observe(learning, Habitual(), Guid.NewGuid(), n: 2);

        Assert.Equal(1.0, learning.Learned!.Fields.Single(f => f.Name == "exchange").NullRate);
    }
}
