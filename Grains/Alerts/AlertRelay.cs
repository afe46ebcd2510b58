using Kasparro.Grains.Interfaces.Alerts;
using Kasparro.Grains.Telemetry;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Kasparro.Grains.Alerts;

/// <summary>
/// Every silo's webhook relay: once the silo is active, every <c>PollInterval</c> (at once again when
/// a cycle had its hands full) it reads the subscriptions from the registry grain and runs an
/// <see cref="AlertRelayCycle"/>, while <c>Kasparro:Alerts:Enabled</c>. The store's leases let all
/// silos relay side by side. Nothing stops the loop but the host: a registry or database outage is
/// logged and the relay waits <see cref="FailurePause"/> and tries again. It also counts the pending
/// deliveries for the gauge (<see cref="AlertRelayCycle.CountPendingAsync"/>).
/// </summary>
public sealed class AlertRelay : BackgroundService, ILifecycleParticipant<ISiloLifecycle>
{
    /// <summary>The wait after a failed cycle (or the poll interval, if longer).</summary>
    public static readonly TimeSpan FailurePause = TimeSpan.FromSeconds(5);

    private readonly TaskCompletionSource _active = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly IGrainFactory _grains;
    private readonly IOptionsMonitor<AlertOptions> _options;
    private readonly TimeProvider _time;
    private readonly ILogger<AlertRelay> _logger;
    private readonly AlertRelayCycle _cycle;

    public AlertRelay(
        IGrainFactory grains, IAlertStore store, WebhookSender sender, IOptionsMonitor<AlertOptions> options, KasparroMetrics metrics,
        ILocalSiloDetails silo, TimeProvider time, ILogger<AlertRelay> logger)
    {
        ArgumentNullException.ThrowIfNull(silo);
        (_grains, _options, _time, _logger) = (grains, options, time, logger);
        var owner = $"{silo.SiloAddress.ToParsableString()}/{Guid.NewGuid().ToString("N")[..8]}";
        _cycle = new AlertRelayCycle(store, sender, options, time, metrics, logger, owner);
    }

    public void Participate(ISiloLifecycle lifecycle)
    {
        ArgumentNullException.ThrowIfNull(lifecycle);
        lifecycle.Subscribe(nameof(AlertRelay), ServiceLifecycleStage.Active, _ =>
        {
            _active.TrySetResult();
            return Task.CompletedTask;
        });
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await _active.Task.WaitAsync(stoppingToken);
            _logger.RelayStarted(_cycle.Owner, _options.CurrentValue.PollInterval);
            while (!stoppingToken.IsCancellationRequested)
            {
                var pause = _options.CurrentValue.Enabled ? await TurnAsync(stoppingToken) : _options.CurrentValue.PollInterval;
                if (pause > TimeSpan.Zero)
                {
                    await Task.Delay(pause, _time, stoppingToken);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // The host is stopping; a delivery cut short keeps its lease until it runs out, then is retried.
        }
    }

    /// <summary>One cycle; returns how long to wait before the next.</summary>
    private async Task<TimeSpan> TurnAsync(CancellationToken stoppingToken)
    {
        var settings = _options.CurrentValue;
        var failurePause = settings.PollInterval > FailurePause ? settings.PollInterval : FailurePause;
        try
        {
            var claimed = await _cycle.RunAsync(ReadSubscriptionsAsync, stoppingToken);
            await _cycle.CountPendingAsync(stoppingToken);
            return claimed >= AlertRelayCycle.Parallelism ? TimeSpan.Zero : settings.PollInterval;
        }
        catch (RegistryUnreadableException ex) when (!stoppingToken.IsCancellationRequested)
        {
            _logger.RegistryUnavailable(_cycle.Owner, ex.InnerException?.Message ?? ex.Message, failurePause);
            return failurePause;
        }
        catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
        {
            _logger.CycleFailed(_cycle.Owner, ex.Message, failurePause);
            return failurePause;
        }
    }

    private async Task<IReadOnlyList<WebhookSubscription>> ReadSubscriptionsAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await _grains.GetGrain<IWebhookRegistryGrain>(0).GetAll();
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new RegistryUnreadableException(ex);
        }
    }

    /// <summary>The webhook registry could not be read this cycle (stays inside the relay).</summary>
    private sealed class RegistryUnreadableException(Exception inner) : Exception(inner.Message, inner);
}
