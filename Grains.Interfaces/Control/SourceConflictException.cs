namespace Kasparro.Grains.Interfaces.Control;

/// <summary>
/// An operation the source's present state does not allow: a manual run of a paused source, a reset
/// or replay while a run is going on, cancelling a run that has finished. The message says why and
/// what to do. The gateway answers it with 409.
/// </summary>
[GenerateSerializer, Alias("kasparro.SourceConflictException")]
public sealed class SourceConflictException : Exception
{
    public SourceConflictException()
    {
    }

    public SourceConflictException(string message)
        : base(message)
    {
    }

    public SourceConflictException(string source, string message)
        : base(message) => SourceId = source;

    public SourceConflictException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    [Id(0)]
    public string? SourceId { get; init; }
}
