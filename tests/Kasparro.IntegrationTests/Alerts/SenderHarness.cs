using Kasparro.Grains.Alerts;
using Kasparro.Grains.Interfaces.Alerts;
using Kasparro.Grains.Telemetry;
using Kasparro.IntegrationTests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Kasparro.IntegrationTests.Alerts;

/// <summary>
/// A <see cref="WebhookSender"/> as a silo builds it (the guarded <c>kasparro-webhooks</c> client),
/// over options the test sets, with its logs captured.
/// </summary>
internal sealed class SenderHarness : IDisposable
{
    public const string Secret = "whsec_c2VjcmV0LWtleS1mb3Itd2ViaG9vay10ZXN0cy0xMjM0NQ==";

    private readonly ServiceProvider _services;

    public SenderHarness(Action<AlertOptions>? configure = null, TimeProvider? time = null)
    {
        var services = new ServiceCollection();
        services.AddLogging(l => l.SetMinimumLevel(LogLevel.Trace).AddProvider(Logs));
        services.AddMetrics();
        services.AddSingleton<KasparroMetrics>();
        services.AddSingleton(time ?? TimeProvider.System);
        services.AddOptions<AlertOptions>().Configure(o => configure?.Invoke(o));
        services.AddWebhookSender();
        _services = services.BuildServiceProvider();
    }

    public CapturedLogs Logs { get; } = new();

    public IServiceProvider Services => _services;

    public WebhookSender Sender => _services.GetRequiredService<WebhookSender>();

    public AlertOptions Options => _services.GetRequiredService<IOptionsMonitor<AlertOptions>>().CurrentValue;

    public static WebhookSubscription Subscription(string url, string id = "ops", string format = WebhookFormats.Standard, string secret = Secret, bool enabled = true) =>
        new(id, url, [], [], format, secret, enabled, WebhookManagers.Api, 1, DateTime.UtcNow, "test");

    public static ClaimedDelivery Delivery(string id = "dlv_test_1", string subscription = "ops", int attempts = 0, DateTime? createdAt = null)
    {
        var at = createdAt ?? new DateTime(2026, 12, 1, 10, 0, 0, DateTimeKind.Utc);
        var e = new AlertEvent("run.failed:1", AlertKinds.RunFailed, "coingecko", at, AlertKinds.Critical, "Run 1 failed", null, """{"run_id":"1"}""");
        return new ClaimedDelivery(id, subscription, e.Kind, e.Source, 1, attempts, at, [e]);
    }

    public Task<DeliveryAttempt> SendAsync(string url, ClaimedDelivery? delivery = null) =>
        Sender.SendAsync(Subscription(url), delivery ?? Delivery(), CancellationToken.None);

    public void Dispose() => _services.Dispose();
}
