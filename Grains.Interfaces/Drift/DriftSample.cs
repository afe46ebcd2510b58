namespace Kasparro.Grains.Interfaces.Drift;

/// <summary>
/// One sampled raw record on its way to the drift analyzer: the JSON object text for JSON sources
/// (so the analyzer sees JSON types), otherwise the fields as text (null when absent).
/// </summary>
[GenerateSerializer, Immutable, Alias("kasparro.DriftSample")]
public sealed record DriftSample(
    [property: Id(0)] string? Json,
    [property: Id(1)] IReadOnlyDictionary<string, string?>? Fields)
{
    public static DriftSample FromJson(string json) => new(json, null);

    public static DriftSample FromText(IReadOnlyDictionary<string, string?> fields) => new(null, fields);
}
