using System.Globalization;

namespace Kasparro.Grains.Interfaces.Drift;

/// <summary>
/// What a source's raw records should look like. <see cref="Known"/> names fields the source is
/// known to send but that nobody reads (e.g. CoinGecko's <c>ath</c>): they are neither expected nor
/// new. <see cref="Json"/> says whether the records are JSON objects (types are JSON types) or text.
/// </summary>
[GenerateSerializer, Immutable, Alias("kasparro.ExpectedSchema")]
public sealed record ExpectedSchema(
    [property: Id(0)] string Name,
    [property: Id(1)] bool Json,
    [property: Id(2)] IReadOnlyList<ExpectedField> Fields,
    [property: Id(3)] IReadOnlyList<string> Known)
{
    /// <summary>Name, format and fields in order: equal fingerprints mean the same expectation.</summary>
    public string Fingerprint() => string.Create(
        CultureInfo.InvariantCulture,
        $"{Name}|{Json}|{string.Join(',', Fields.Select(f => string.Create(CultureInfo.InvariantCulture, $"{f.Name}:{f.Type}:{f.Key}:{f.NullRate:R}")))}|{string.Join(',', Known)}");
}
