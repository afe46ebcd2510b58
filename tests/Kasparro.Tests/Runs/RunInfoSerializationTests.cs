using System.Text.Json;
using Kasparro.Grains.Interfaces.Json;
using Kasparro.Grains.Interfaces.Runs;
using Kasparro.Grains.Interfaces.Sources;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;

namespace Kasparro.Tests.Runs;

/// <summary>RunInfo gained Anomalies (field 14): runs stored before that must still read back, with none.</summary>
public sealed class RunInfoSerializationTests
{
    private static readonly RunAnomaly Anomaly = new(
        AnomalyRules.RecordsOutlier, "odd", new Dictionary<string, double> { ["records"] = 7, ["robust_z"] = -4.25 });

    [Fact]
    public void A_run_serialized_before_anomalies_existed_reads_back_with_none()
    {
        var serializer = Serializer();
        var old = new RunInfoBeforeAnomalies(
            Guid.NewGuid(), "csv", RunStatus.Success, RunSamples.T0, RunSamples.T0.AddSeconds(2), 10, 9, 1,
            new Dictionary<string, long> { ["missing_field"] = 1 }, null, null, new SourceCheckpoint(0, null), new SourceCheckpoint(10, RunSamples.T0), "manual");

        var run = serializer.Deserialize<RunInfo>(serializer.SerializeToArray(old))!;

        Assert.Equal((old.RunId, old.Source, old.RecordsRead, old.Trigger), (run.RunId, run.Source, run.RecordsRead, run.Trigger));
        Assert.Equal(10, run.CheckpointAfter!.RecordsCommitted);
        Assert.NotNull(run.Anomalies);
        Assert.Empty(run.Anomalies);
    }

    [Fact]
    public void Anomalies_survive_the_orleans_serializer_and_with_expressions()
    {
        var serializer = Serializer();
        var run = RunSamples.Run(7) with { Anomalies = [Anomaly] };

        var copy = serializer.Deserialize<RunInfo>(serializer.SerializeToArray(run with { RecordsRead = 8 }))!;

        Assert.Equal(8, copy.RecordsRead);
        var anomaly = Assert.Single(copy.Anomalies);
        Assert.Equal((Anomaly.Rule, Anomaly.Message), (anomaly.Rule, anomaly.Message));
        Assert.Equal(Anomaly.Values, anomaly.Values);
        Assert.Empty(RunSamples.Run(7).Anomalies);
    }

    [Fact]
    public void Anomalies_are_snake_case_json_and_read_back()
    {
        var options = new JsonSerializerOptions();
        JsonConventions.Apply(options);
        var run = RunSamples.Run(7) with { Anomalies = [Anomaly] };

        var json = JsonSerializer.Serialize(run, options);
        var back = JsonSerializer.Deserialize<RunInfo>(json, options)!;

        Assert.Contains("\"anomalies\":[{\"rule\":\"records_outlier\",\"message\":\"odd\",\"values\":{\"records\":7,\"robust_z\":-4.25}}]", json, StringComparison.Ordinal);
        Assert.Equal(Anomaly.Values, Assert.Single(back.Anomalies).Values);
        Assert.Empty(JsonSerializer.Deserialize<RunInfo>(JsonSerializer.Serialize(RunSamples.Run(7), options), options)!.Anomalies);
    }

    private static Serializer Serializer() =>
        new ServiceCollection()
            .AddSerializer(b => b.AddAssembly(typeof(RunInfo).Assembly).AddAssembly(typeof(RunInfoSerializationTests).Assembly))
            .BuildServiceProvider()
            .GetRequiredService<Serializer>();
}

/// <summary>RunInfo as it was before field 14: the bytes earlier silos wrote into grain state.</summary>
[GenerateSerializer, Immutable, Alias("kasparro.tests.RunInfoBeforeAnomalies")]
internal sealed record RunInfoBeforeAnomalies(
    [property: Id(0)] Guid RunId,
    [property: Id(1)] string Source,
    [property: Id(2)] RunStatus Status,
    [property: Id(3)] DateTime StartedAt,
    [property: Id(4)] DateTime? CompletedAt,
    [property: Id(5)] long RecordsRead,
    [property: Id(6)] long RecordsWritten,
    [property: Id(7)] long RecordsRejected,
    [property: Id(8)] IReadOnlyDictionary<string, long> Rejections,
    [property: Id(9)] string? ErrorType,
    [property: Id(10)] string? ErrorMessage,
    [property: Id(11)] SourceCheckpoint CheckpointBefore,
    [property: Id(12)] SourceCheckpoint? CheckpointAfter,
    [property: Id(13)] string Trigger);
