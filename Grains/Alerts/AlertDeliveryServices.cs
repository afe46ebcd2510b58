using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Kasparro.Grains.Alerts;

/// <summary>
/// A silo's webhook delivery: the guarded <c>kasparro-webhooks</c> client, the <see cref="WebhookSender"/>
/// (also used by <see cref="WebhookTestGrain"/>) and the <see cref="AlertRelay"/>. Silo only: the
/// gateway in client mode relays nothing. Needs an <see cref="IAlertStore"/> and the bound
/// <see cref="AlertOptions"/>.
/// </summary>
public static class AlertDeliveryServices
{
    public static IServiceCollection AddAlertDelivery(this IServiceCollection services)
    {
        services.AddWebhookSender();
        services.AddSingleton<AlertRelay>();
        services.AddHostedService(sp => sp.GetRequiredService<AlertRelay>());
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(sp => sp.GetRequiredService<AlertRelay>());
        return services;
    }

    /// <summary>The guarded client and the sender alone (what the test grain and the tests need).</summary>
    public static IServiceCollection AddWebhookSender(this IServiceCollection services)
    {
        // The sender's RequestTimeout governs. The factory's request logging is removed: it would log
        // each URL in full, and a URL's path may be the secret itself (a Slack incoming webhook).
        services.AddHttpClient(WebhookSender.ClientName, c => c.Timeout = Timeout.InfiniteTimeSpan)
            .RemoveAllLoggers()
            .ConfigurePrimaryHttpMessageHandler(sp => WebhookConnections.Handler(sp.GetRequiredService<IOptionsMonitor<AlertOptions>>()));
        services.AddSingleton<WebhookSender>();
        return services;
    }
}
