namespace Kasparro.Grains.Interfaces.Control;

/// <summary>
/// A source definition that does not validate. <see cref="Errors"/> names every bad setting (its key
/// relative to the source, e.g. <c>Interval</c> or <c>Resilience:MaxAttempts</c>; an empty key for
/// the definition as a whole) with its messages. The gateway answers it with 400.
/// </summary>
[GenerateSerializer, Alias("kasparro.SourceDefinitionException")]
public sealed class SourceDefinitionException : Exception
{
    public SourceDefinitionException()
    {
    }

    public SourceDefinitionException(string message)
        : base(message)
    {
    }

    public SourceDefinitionException(string source, IReadOnlyDictionary<string, string[]> errors)
        : base($"The definition of source '{source}' is not valid: {string.Join(" ", errors.Values.SelectMany(e => e))}")
    {
        SourceId = source;
        Errors = errors;
    }

    public SourceDefinitionException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    [Id(0)]
    public string? SourceId { get; init; }

    [Id(1)]
    public IReadOnlyDictionary<string, string[]> Errors { get; init; } = new Dictionary<string, string[]>();
}
