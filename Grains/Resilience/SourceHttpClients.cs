using System.Globalization;
using Kasparro.Grains.Sources;
using Kasparro.Grains.Telemetry;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Logging;
using Polly;

namespace Kasparro.Grains.Resilience;

/// <summary>
/// One named HttpClient for the sources, with each source's own resilience pipeline: retries (exponential
/// backoff with jitter, Retry-After honoured) around a token-bucket rate limiter, a circuit breaker
/// and a per-attempt timeout. A source is one grain activation in the cluster, so its limit is the
/// cluster's limit for that source. Transient failures (network errors, timeouts, 408, 429, 5xx)
/// are retried; other 4xx fail at once. Failure injection adds Polly's chaos strategies at the
/// bottom (<see cref="HttpChaos"/>). Polly reports every pipeline's events (retries, circuit
/// changes, injected faults) on its own meter, <c>Polly</c>, exported with the others.
/// </summary>
public static class SourceHttpClients
{
    /// <summary>The one named client every source reads through; each source gets its own pipeline in it.</summary>
    public const string ClientName = "kasparro-source";

    private static readonly HttpRequestOptionsKey<string> PipelineKey = new("kasparro-source-pipeline");

    /// <summary>
    /// Sends <paramref name="request"/> for <paramref name="source"/> through its own pipeline. The
    /// pipeline is chosen per request by the source's id and resilience settings, so a source created
    /// or changed at run time gets one at once, and its circuit breaker and rate limiter are its own.
    /// </summary>
    public static Task<HttpResponseMessage> SendAsync(
        this IHttpClientFactory clients, SourceDefinition source, HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(clients);
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(request);
        request.Options.Set(PipelineKey, Key(source.Id, source.Resilience));
        return clients.CreateClient(ClientName).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
    }

    /// <summary>The pipeline of a request that names no source (the factory asks for one when it builds the handler).</summary>
    private static readonly string Unnamed = Key("unnamed", ResilienceSettings.Default);

    /// <summary>The pipeline's key: the source id and every setting, so changed settings make a new pipeline.</summary>
    public static string Key(string source, ResilienceSettings r)
    {
        ArgumentNullException.ThrowIfNull(r);
        return string.Join('|', source, r.RequestsPerSecond.ToString("R", CultureInfo.InvariantCulture), r.MaxAttempts,
            r.MinDelay.Ticks, r.MaxDelay.Ticks, r.AttemptTimeout.Ticks, r.BreakDuration.Ticks);
    }

    private static (string Source, ResilienceSettings Settings) Parse(string key)
    {
        var p = key.Split('|');
        return (p[0], new ResilienceSettings(
            double.Parse(p[1], CultureInfo.InvariantCulture), int.Parse(p[2], CultureInfo.InvariantCulture),
            Ticks(p[3]), Ticks(p[4]), Ticks(p[5]), Ticks(p[6])));
        static TimeSpan Ticks(string text) => TimeSpan.FromTicks(long.Parse(text, CultureInfo.InvariantCulture));
    }

    public static IServiceCollection AddSourceHttpClients(this IServiceCollection services)
    {
        services.AddSingleton<HttpFailureInjection>();
        var client = services.AddHttpClient(ClientName, c =>
        {
            c.Timeout = Timeout.InfiniteTimeSpan; // the pipeline's timeouts govern
            c.DefaultRequestHeaders.UserAgent.ParseAdd("kasparro-etl/0.1");
        });
        client.AddResilienceHandler("kasparro", (pipeline, context) =>
        {
            var (id, r) = Parse(context.InstanceName);
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
        }).SelectPipelineBy(_ => request =>
            request.Options.TryGetValue(PipelineKey, out var key) ? key : Unnamed);

        return services;
    }
}
