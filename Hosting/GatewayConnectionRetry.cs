using Microsoft.Extensions.Logging;

namespace Kasparro.Hosting;

/// <summary>
/// Keeps an Orleans client trying to reach a gateway, every two seconds, until it is stopped.
/// Silos may start after the gateway (a rollout, a laptop); crashing would only restart the wait.
/// </summary>
internal sealed class GatewayConnectionRetry(ILogger<GatewayConnectionRetry> logger) : IClientConnectionRetryFilter
{
    private int _attempt;

    public async Task<bool> ShouldRetryConnectionAttempt(Exception exception, CancellationToken cancellationToken)
    {
        var attempt = Interlocked.Increment(ref _attempt);
        logger.GatewayNotReachable(attempt, exception.Message);
        try
        {
            await Task.Delay(TimeSpan.FromSeconds(2), cancellationToken);
        }
        catch (OperationCanceledException)
        {
            return false;
        }

        return true;
    }
}
