using Kasparro.Grains.Interfaces.Sources;

namespace Kasparro.Grains.Storage;

/// <summary>Run statuses as stored and served: <c>running</c>, <c>success</c>, <c>failed</c>.</summary>
public static class RunStatusNames
{
    public static string Name(RunStatus status) => status switch
    {
        RunStatus.Running => "running",
        RunStatus.Success => "success",
        RunStatus.Failed => "failed",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
    };

    public static RunStatus Parse(string name) => name switch
    {
        "running" => RunStatus.Running,
        "success" => RunStatus.Success,
        "failed" => RunStatus.Failed,
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "not a run status"),
    };
}
