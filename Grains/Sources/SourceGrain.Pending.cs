using Kasparro.Grains.Interfaces.Sources;

namespace Kasparro.Grains.Sources;

// TEMPORARY(merge): replaced by the control and cancel branches; never merged to main like this.
public sealed partial class SourceGrain
{
    public Task<SourceStatus> Pause(string? reason, string by) => throw new NotSupportedException();

    public Task<SourceStatus> Unpause(string by) => throw new NotSupportedException();

    public Task<SourceStatus> Reset() => throw new NotSupportedException();

    public Task<SourceStatus> Replay(Guid fromRun) => throw new NotSupportedException();

    public Task<RunInfo> CancelRun(Guid runId) => throw new NotSupportedException();

    public Task Remove(bool purge) => throw new NotSupportedException();
}
