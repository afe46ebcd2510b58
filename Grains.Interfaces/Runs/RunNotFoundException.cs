namespace Kasparro.Grains.Interfaces.Runs;

/// <summary>No run with this id is in the run log. The gateway answers it with 404.</summary>
[GenerateSerializer, Alias("kasparro.RunNotFoundException")]
public sealed class RunNotFoundException : Exception
{
    public RunNotFoundException()
    {
    }

    public RunNotFoundException(Guid runId)
        : base($"No run '{runId}' is in the run log.") => RunId = runId;

    public RunNotFoundException(string message)
        : base(message)
    {
    }

    public RunNotFoundException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    [Id(0)]
    public Guid? RunId { get; init; }
}
