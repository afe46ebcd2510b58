using System.Net;
using Kasparro.Grains.Interfaces.Sources;
using Kasparro.Grains.Resilience;
using Polly;
using Polly.Timeout;

namespace Kasparro.Tests.Resilience;

/// <summary>The failure injection's chaos strategies on a bare pipeline: what each type injects, and that a seed replays it.</summary>
public sealed class HttpChaosTests
{
    private static ResiliencePipeline<HttpResponseMessage> Pipeline(HttpFailureInjection injection, TimeSpan? timeout = null)
    {
        var builder = new ResiliencePipelineBuilder<HttpResponseMessage>();
        if (timeout is { } t)
        {
            builder.AddTimeout(t);
        }

        return builder.AddHttpChaos(injection, "s").Build();
    }

    private static HttpResponseMessage Ok(CancellationToken _) => new(HttpStatusCode.OK);

    private static bool[] RateLimited(FailureInjectionSettings settings, int requests)
    {
        var injection = new HttpFailureInjection();
        var pipeline = Pipeline(injection);
        using var active = injection.Activate("s", settings);
        return [.. Enumerable.Range(0, requests).Select(_ => pipeline.Execute(Ok).StatusCode == HttpStatusCode.TooManyRequests)];
    }

    [Fact]
    public void A_seed_fails_the_same_requests_every_time_drawn_from_that_seed()
    {
        var settings = new FailureInjectionSettings(true, 0.4, null, FailureType.RateLimit, 42);
        var random = new Random(42);
        var expected = Enumerable.Range(0, 60).Select(_ => random.NextDouble() < 0.4).ToArray();

        Assert.Equal(expected, RateLimited(settings, 60));
        Assert.Equal(expected, RateLimited(settings, 60));
        Assert.Contains(expected, f => f);
        Assert.Contains(expected, f => !f);
    }

    [Fact]
    public async Task Rate_limit_is_a_429_with_retry_after_and_is_counted()
    {
        var injection = new HttpFailureInjection();
        var pipeline = Pipeline(injection);
        using (injection.Activate("s", new FailureInjectionSettings(true, 1, null, FailureType.RateLimit, 1)))
        {
            using var response = await pipeline.ExecuteAsync(c => ValueTask.FromResult(Ok(c)));

            Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
            Assert.Equal(TimeSpan.FromSeconds(1), response.Headers.RetryAfter?.Delta);
            Assert.Contains("Injected rate_limit in source 's'", response.ReasonPhrase, StringComparison.Ordinal);
        }

        Assert.Equal(1, injection.InjectedCount("s"));
        Assert.Equal(HttpStatusCode.OK, pipeline.Execute(Ok).StatusCode); // over with the run
    }

    [Fact]
    public void Network_error_is_a_connection_error_marked_as_injected()
    {
        var injection = new HttpFailureInjection();
        var pipeline = Pipeline(injection);
        using var active = injection.Activate("s", new FailureInjectionSettings(true, 1, null, FailureType.NetworkError, 1));

        var error = Assert.Throws<HttpRequestException>(() => pipeline.Execute(Ok));

        Assert.Equal(HttpRequestError.ConnectionError, error.HttpRequestError);
        Assert.True(InjectedFailures.IsInjected(error));
        Assert.Equal("network_error", ErrorClassifier.Classify(error));
        Assert.Equal(1, injection.InjectedCount("s"));
    }

    [Fact]
    public async Task Timeout_stalls_until_the_attempt_timeout_gives_up()
    {
        var injection = new HttpFailureInjection();
        var pipeline = Pipeline(injection, TimeSpan.FromMilliseconds(200));
        using var active = injection.Activate("s", new FailureInjectionSettings(true, 1, null, FailureType.Timeout, 1));

        await Assert.ThrowsAsync<TimeoutRejectedException>(async () => await pipeline.ExecuteAsync(c => ValueTask.FromResult(Ok(c))));
        Assert.Equal(1, injection.InjectedCount("s"));
    }

    [Fact]
    public void Another_type_or_another_source_is_left_alone()
    {
        var injection = new HttpFailureInjection();
        var pipeline = Pipeline(injection);
        using var other = injection.Activate("t", new FailureInjectionSettings(true, 1, null, FailureType.RateLimit, 1));

        Assert.Equal(HttpStatusCode.OK, pipeline.Execute(Ok).StatusCode);
        Assert.Equal(0, injection.InjectedCount("s"));
    }
}
