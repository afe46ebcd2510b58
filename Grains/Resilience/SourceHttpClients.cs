using Kasparro.Grains.Sources;
using Kasparro.Grains.Telemetry;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Logging;
using Polly;

namespace Kasparro.Grains.Resilience;

/// <summary>
/// One named HttpClient per source, with the source's own resilience pipeline: retries (exponential
/// backoff with jitter, Retry-After honoured) around a token-bucket rate limiter, a circuit breaker
/// and a per-attempt timeout. A source is one grain activation in the cluster, so its limit is the
/// cluster's limit for that source. Transient failures (network errors, timeouts, 408, 429, 5xx)
/// are retried; other 4xx fail at once. Failure injection adds Polly's chaos strategies at the
/// bottom (<see cref="HttpChaos"/>). Polly reports every pipeline's events (retries, circuit
/// changes, injected faults) on its own meter, <c>Polly</c>, exported with the others.
/// </summary>
public static class SourceHttpClients
{
    public static string Name(string sourceId) => $"kasparro-source-{sourceId}";

    public static IServiceCollection AddSourceHttpClients(this IServiceCollection services, SourceCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        services.AddSingleton<HttpFailureInjection>();
        foreach (var source in catalog.All)
        {
            var id = source.Id;
            var r = source.Resilience;
            var client = services.AddHttpClient(Name(id), c =>
            {
                c.Timeout = Timeout.InfiniteTimeSpan; // the pipeline's timeouts govern
                c.DefaultRequestHeaders.UserAgent.ParseAdd("kasparro-etl/0.1");
            });
            client.AddResilienceHandler("kasparro", (pipeline, context) =>
            {
                var logger = context.ServiceProvider.GetRequiredService<ILoggerFactory>().CreateLogger("Kasparro.Http");
                var metrics = context.ServiceProvider.GetRequiredService<KasparroMetrics>();
                pipeline.AddRetry(new HttpRetryStrategyOptions
                {
                    MaxRetryAttempts = Math.Max(0, r.MaxAttempts - 1),
                    Delay = r.MinDelay,
                    MaxDelay = r.MaxDelay,
                    BackoffType = DelayBackoffType.Exponential,
                    UseJitter = true,
                    ShouldRetryAfterHeader = true,
                    OnRetry = args =>
                    {
                        var reason = args.Outcome.Result is { } response ? $"HTTP {(int)response.StatusCode}" : args.Outcome.Exception?.GetType().Name;
                        logger.RetryScheduled(id, args.AttemptNumber + 1, reason, args.RetryDelay);
                        metrics.HttpRetried(id, reason ?? "unknown");
                        return ValueTask.CompletedTask;
                    },
                });
                var time = context.ServiceProvider.GetService<TimeProvider>() ?? TimeProvider.System;
                pipeline.AddRateLimiter(new SpacedRateLimiter(r.RequestsPerSecond, time, wait =>
                {
                    logger.RateLimitWait(id, wait);
                    metrics.RateLimitWaited(id, wait);
                }));
                pipeline.AddCircuitBreaker(new HttpCircuitBreakerStrategyOptions
                {
                    BreakDuration = r.BreakDuration,
                    MinimumThroughput = Math.Max(2, r.MaxAttempts),
                    OnOpened = args =>
                    {
                        logger.CircuitOpened(id, args.BreakDuration);
                        metrics.CircuitChanged(id, "open");
                        return ValueTask.CompletedTask;
                    },
                    OnClosed = _ =>
                    {
                        logger.CircuitClosed(id);
                        metrics.CircuitChanged(id, "closed");
                        return ValueTask.CompletedTask;
                    },
                });
                pipeline.AddTimeout(r.AttemptTimeout);

                // Last, so innermost: injected failures meet the timeout, circuit and retries like real ones.
                pipeline.AddHttpChaos(context.ServiceProvider.GetRequiredService<HttpFailureInjection>(), id);
            });
        }

        return services;
    }
}
