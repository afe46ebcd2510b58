namespace Kasparro.Grains.Interfaces.Sources;

/// <summary>
/// A source id that the silos' configuration does not define. Carries the ids it does define, so
/// the answer can list them. The gateway answers it with 404 (a source in the path) or 400 (a
/// source filter in the query).
/// </summary>
[GenerateSerializer, Alias("kasparro.UnknownSourceException")]
public sealed class UnknownSourceException : Exception
{
    public UnknownSourceException()
    {
    }

    public UnknownSourceException(string source)
        : base($"No source '{source}' is configured.") => SourceId = source;

    public UnknownSourceException(string source, IEnumerable<string> knownSources)
        : this(source) => KnownSources = [.. knownSources];

    public UnknownSourceException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    [Id(0)]
    public string? SourceId { get; init; }

    /// <summary>The configured source ids, in ordinal order; null when the thrower did not say.</summary>
    [Id(1)]
    public IReadOnlyList<string>? KnownSources { get; init; }
}
