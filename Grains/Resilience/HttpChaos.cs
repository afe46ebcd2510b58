using System.Net;
using System.Net.Http.Headers;
using Kasparro.Grains.Interfaces.Sources;
using Polly;
using Polly.Simmy;
using Polly.Simmy.Fault;
using Polly.Simmy.Latency;
using Polly.Simmy.Outcomes;

namespace Kasparro.Grains.Resilience;

/// <summary>
/// Polly's chaos strategies fed by <see cref="HttpFailureInjection"/>: a connection error
/// (<c>network_error</c>), a 429 with <c>Retry-After</c> (<c>rate_limit</c>) or a stalled response
/// (<c>timeout</c>). Added last, so they sit inside the attempt timeout, the circuit breaker and the
/// retries and are handled exactly like the real thing. Each strategy is on only while its type is
/// injected into the source, at the injection's probability, drawn from the injection's seeded generator.
/// </summary>
public static class HttpChaos
{
    /// <summary>
    /// How long an injected <c>timeout</c> stalls: longer than any attempt timeout (at most a day), so it hangs
    /// until the attempt timeout gives up on it, as a stalled server would.
    /// </summary>
    public static readonly TimeSpan Stall = TimeSpan.FromDays(2);

    public static ResiliencePipelineBuilder<HttpResponseMessage> AddHttpChaos(
        this ResiliencePipelineBuilder<HttpResponseMessage> pipeline, HttpFailureInjection injection, string source)
    {
        ArgumentNullException.ThrowIfNull(pipeline);
        ArgumentNullException.ThrowIfNull(injection);
        pipeline.AddChaosFault(Configure(new ChaosFaultStrategyOptions
        {
            FaultGenerator = args =>
            {
                var message = injection.Injected(source, FailureType.NetworkError, args.Context.GetRequestMessage()?.RequestUri);
                var exception = new HttpRequestException(HttpRequestError.ConnectionError, message);
                exception.Data[InjectedFailures.DataKey] = FailureTypes.Name(FailureType.NetworkError);
                return ValueTask.FromResult<Exception?>(exception);
            },
        }, injection, source, FailureType.NetworkError));
        pipeline.AddChaosOutcome(Configure(new ChaosOutcomeStrategyOptions<HttpResponseMessage>
        {
            OutcomeGenerator = args =>
            {
                var request = args.Context.GetRequestMessage();
                var limited = new HttpResponseMessage(HttpStatusCode.TooManyRequests)
                {
                    RequestMessage = request,
                    ReasonPhrase = injection.Injected(source, FailureType.RateLimit, request?.RequestUri),
                };
                limited.Headers.RetryAfter = new RetryConditionHeaderValue(TimeSpan.FromSeconds(1));
                return ValueTask.FromResult<Outcome<HttpResponseMessage>?>(Outcome.FromResult(limited));
            },
        }, injection, source, FailureType.RateLimit));
        pipeline.AddChaosLatency(Configure(new ChaosLatencyStrategyOptions
        {
            LatencyGenerator = args =>
            {
                injection.Injected(source, FailureType.Timeout, args.Context.GetRequestMessage()?.RequestUri);
                return ValueTask.FromResult(Stall);
            },
        }, injection, source, FailureType.Timeout));
        return pipeline;
    }

    private static T Configure<T>(T options, HttpFailureInjection injection, string source, FailureType type)
        where T : ChaosStrategyOptions
    {
        options.Name = $"chaos-{FailureTypes.Name(type)}";
        options.EnabledGenerator = _ => ValueTask.FromResult(injection.IsActive(source, type));
        options.InjectionRateGenerator = _ => ValueTask.FromResult(injection.Probability(source));
        options.Randomizer = () => injection.NextDouble(source);
        return options;
    }
}
