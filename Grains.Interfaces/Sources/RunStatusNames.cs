namespace Kasparro.Grains.Interfaces.Sources;

/// <summary>Run statuses as stored and served: <c>running</c>, <c>success</c>, <c>failed</c>, <c>cancelled</c>.</summary>
public static class RunStatusNames
{
    /// <summary>Every status's name, in the enum's order.</summary>
    public static IReadOnlyList<string> Names { get; } = [.. Enum.GetValues<RunStatus>().Select(Name)];

    public static string Name(RunStatus status) => status switch
    {
        RunStatus.Running => "running",
        RunStatus.Success => "success",
        RunStatus.Failed => "failed",
        RunStatus.Cancelled => "cancelled",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
    };

    public static RunStatus Parse(string name) => name switch
    {
        "running" => RunStatus.Running,
        "success" => RunStatus.Success,
        "failed" => RunStatus.Failed,
        "cancelled" => RunStatus.Cancelled,
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "not a run status"),
    };
}
