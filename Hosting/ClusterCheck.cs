using Kasparro.Grains.Cluster;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Configuration;

namespace Kasparro.Hosting;

/// <summary>
/// The cluster part of <c>/health</c>, as seen from this host: the membership table (through the
/// management grain, tried again on another silo if the first one is gone), read by
/// <see cref="ClusterView"/>, and a direct question to every active silo, so a silo that died a
/// moment ago shows before its peers have even suspected it.
/// </summary>
internal sealed class ClusterCheck
{
    /// <summary>The longest the membership read may take, retries included.</summary>
    private static readonly TimeSpan MembershipBudget = TimeSpan.FromSeconds(5);

    private readonly ClusterMembershipOptions _membership;
    private readonly IOptionsMonitor<HealthOptions> _health;
    private readonly IGrainFactory _grains;
    private readonly TimeProvider _time;
    private readonly ReadRetry _retry;
    private readonly TimeSpan _pingTimeout;

    public ClusterCheck(ReadRetryOptions retry, ClusterMembershipOptions membership, IOptionsMonitor<HealthOptions> health, IGrainFactory grains, TimeProvider time, ILogger<ReadRetry> logger)
    {
        _membership = membership;
        _health = health;
        _grains = grains;
        _time = time;
        var attempt = retry.AttemptTimeout < TimeSpan.FromSeconds(2) ? retry.AttemptTimeout : TimeSpan.FromSeconds(2);
        _retry = new ReadRetry(new ReadRetryOptions { Budget = MembershipBudget, AttemptTimeout = attempt, Backoff = retry.Backoff }, time, logger);
        _pingTimeout = retry.AttemptTimeout;
    }

    /// <summary>Active silos and what degrades the cluster; throws when the membership cannot be read at all.</summary>
    public async Task<(int ActiveSilos, IReadOnlyList<string> Problems)> CheckAsync(CancellationToken cancellationToken)
    {
        var management = _grains.GetGrain<IManagementGrain>(0);
        var members = await _retry.RunAsync("the membership table", () => management.GetDetailedHosts(false, cancellationToken), cancellationToken);
        var problems = ClusterView.Problems(members, _time.GetUtcNow().UtcDateTime, _membership, _health.CurrentValue).ToList();
        var active = members.Where(m => m.Status == SiloStatus.Active).ToList();
        var silent = await Task.WhenAll(active.Select(m => PingAsync(management, m, cancellationToken)));
        problems.AddRange(silent.OfType<string>());
        return (active.Count, problems);
    }

    /// <summary>Null when the silo answers a small runtime question in time; otherwise why not.</summary>
    private async Task<string?> PingAsync(IManagementGrain management, MembershipEntry member, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_pingTimeout);
        try
        {
            await management.GetRuntimeStatistics([member.SiloAddress], timeout.Token).WaitAsync(_pingTimeout, _time, cancellationToken);
            return null;
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            var why = ex is TimeoutException or OperationCanceledException
                ? $"no answer within {_pingTimeout.TotalSeconds:0.#} s"
                : ex.GetType().Name;
            return $"silo {ClusterView.Describe(member)} does not answer ({why})";
        }
    }
}
