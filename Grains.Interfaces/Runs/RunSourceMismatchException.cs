namespace Kasparro.Grains.Interfaces.Runs;

/// <summary>Two runs of different sources were to be compared. The gateway answers it with 400.</summary>
[GenerateSerializer, Alias("kasparro.RunSourceMismatchException")]
public sealed class RunSourceMismatchException : Exception
{
    public RunSourceMismatchException()
    {
    }

    public RunSourceMismatchException(Guid runId1, string source1, Guid runId2, string source2)
        : base($"Only runs of one source can be compared: run '{runId1}' is of '{source1}', run '{runId2}' of '{source2}'.")
    {
        RunId1 = runId1;
        Source1 = source1;
        RunId2 = runId2;
        Source2 = source2;
    }

    public RunSourceMismatchException(string message)
        : base(message)
    {
    }

    public RunSourceMismatchException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    [Id(0)]
    public Guid? RunId1 { get; init; }

    [Id(1)]
    public string? Source1 { get; init; }

    [Id(2)]
    public Guid? RunId2 { get; init; }

    [Id(3)]
    public string? Source2 { get; init; }
}
