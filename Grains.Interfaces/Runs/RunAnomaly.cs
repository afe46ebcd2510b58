namespace Kasparro.Grains.Interfaces.Runs;

/// <summary>
/// Something unusual about a run. <see cref="Rule"/> is a stable snake_case id (see
/// <see cref="AnomalyRules"/>), <see cref="Message"/> says it in words, and <see cref="Values"/>
/// holds the figures involved (snake_case keys, always finite numbers), so clients need not parse the message.
/// </summary>
[GenerateSerializer, Immutable, Alias("kasparro.RunAnomaly")]
public sealed record RunAnomaly(
    [property: Id(0)] string Rule,
    [property: Id(1)] string Message,
    [property: Id(2)] IReadOnlyDictionary<string, double> Values);
