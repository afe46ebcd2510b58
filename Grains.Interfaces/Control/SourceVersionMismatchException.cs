namespace Kasparro.Grains.Interfaces.Control;

/// <summary>
/// A change made against a version of the definition that is no longer current (<c>If-Match</c>).
/// <see cref="CurrentVersion"/> is null when the source does not exist. The gateway answers it with 412.
/// </summary>
[GenerateSerializer, Alias("kasparro.SourceVersionMismatchException")]
public sealed class SourceVersionMismatchException : Exception
{
    public SourceVersionMismatchException()
    {
    }

    public SourceVersionMismatchException(string source, long expected, long? current)
        : base(current is { } v
            ? $"Source '{source}' is at version {v}, not {expected}: read it again and re-apply the change."
            : $"Source '{source}' does not exist, so it is not at version {expected}.")
    {
        SourceId = source;
        ExpectedVersion = expected;
        CurrentVersion = current;
    }

    public SourceVersionMismatchException(string message)
        : base(message)
    {
    }

    public SourceVersionMismatchException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    [Id(0)]
    public string? SourceId { get; init; }

    [Id(1)]
    public long ExpectedVersion { get; init; }

    [Id(2)]
    public long? CurrentVersion { get; init; }
}
