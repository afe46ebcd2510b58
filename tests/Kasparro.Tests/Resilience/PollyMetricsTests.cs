using System.Net;
using Kasparro.Grains.Interfaces.Sources;
using Kasparro.Grains.Resilience;
using Kasparro.Grains.Sources;
using Kasparro.Grains.Telemetry;
using Kasparro.Hosting.Telemetry;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;

namespace Kasparro.Tests.Resilience;

/// <summary>A source's resilience pipeline reports on Polly's own meter, which the services export.</summary>
public sealed class PollyMetricsTests
{
    [Fact]
    public async Task A_retried_request_shows_as_a_retry_event_in_pollys_meter()
    {
        const string Id = "polly-metrics-probe";
        using var events = new MetricCollector<int>(null, TelemetryExtensions.PollyMeter, "resilience.polly.strategy.events");
        var source = new SourceDefinition(Id, SourceKind.CoinGecko, "http://localhost/", TimeSpan.FromHours(1), true, 10, new Dictionary<string, string>(), FailureInjectionSettings.Off)
        {
            Resilience = new ResilienceSettings(100, 3, TimeSpan.FromMilliseconds(1), TimeSpan.FromMilliseconds(10), TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(30)),
        };
        var services = new ServiceCollection().AddLogging().AddMetrics();
        services.AddSingleton<KasparroMetrics>();
        services.AddSourceHttpClients();
        var answers = 0;
        services.AddHttpClient(SourceHttpClients.ClientName)
            .ConfigurePrimaryHttpMessageHandler(() => new Answer(() => Interlocked.Increment(ref answers) == 1 ? HttpStatusCode.ServiceUnavailable : HttpStatusCode.OK));
        await using var provider = services.BuildServiceProvider();

        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("http://localhost/x"));
        using var response = await provider.GetRequiredService<IHttpClientFactory>().SendAsync(source, request, CancellationToken.None);

        Assert.Equal((HttpStatusCode.OK, 2), (response.StatusCode, answers));
        var retries = events.GetMeasurementSnapshot()
            .Where(m => Equals(m.Tags["event.name"], "OnRetry") && m.Tags["pipeline.instance"] is string instance && instance.StartsWith(Id + "|", StringComparison.Ordinal))
            .ToList();
        Assert.Single(retries);
    }

    private sealed class Answer(Func<HttpStatusCode> status) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Task.FromResult(new HttpResponseMessage(status()) { RequestMessage = request });
    }
}
