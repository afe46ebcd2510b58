namespace Kasparro.Grains.Interfaces.Sources;

/// <summary>A source id that no configuration entry defines. The gateway answers it with 404.</summary>
[GenerateSerializer, Alias("kasparro.UnknownSourceException")]
public sealed class UnknownSourceException : Exception
{
    public UnknownSourceException()
    {
    }

    public UnknownSourceException(string source)
        : base($"No source '{source}' is configured.") => SourceId = source;

    public UnknownSourceException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    [Id(0)]
    public string? SourceId { get; init; }
}
