using Kasparro.Grains.Interfaces.Sources;
using Kasparro.Grains.Resilience;

namespace Kasparro.Tests.Sources;

public sealed class FailureInjectorTests
{
    [Fact]
    public void Off_never_fails()
    {
        var injector = new FailureInjector(FailureInjectionSettings.Off with { Probability = 1, FailAtRecord = 0 });

        Assert.Null(injector.FailurePoint(0, 100));
    }

    [Theory]
    [InlineData(0, 100, 250, null)]
    [InlineData(200, 100, 250, 50)]
    [InlineData(250, 10, 250, 0)]
    [InlineData(251, 10, 250, null)]
    public void Fail_at_record_strikes_only_the_batch_holding_that_index(long start, int count, long at, int? expected)
    {
        var injector = new FailureInjector(new FailureInjectionSettings(true, 0, at, FailureType.Timeout, null));

        Assert.Equal(expected, injector.FailurePoint(start, count));
    }

    [Fact]
    public void A_seed_replays_the_same_pattern()
    {
        var settings = new FailureInjectionSettings(true, 0.4, null, FailureType.NetworkError, 42);
        var a = new FailureInjector(settings);
        var b = new FailureInjector(settings);

        var first = Enumerable.Range(0, 50).Select(i => a.FailurePoint(i * 10, 10)).ToArray();
        var second = Enumerable.Range(0, 50).Select(i => b.FailurePoint(i * 10, 10)).ToArray();

        Assert.Equal(first, second);
        Assert.Contains(first, p => p is not null);
        Assert.Contains(first, p => p is null);
        Assert.All(first.Where(p => p is not null), p => Assert.InRange(p!.Value, 0, 9));
    }

    [Theory]
    [InlineData(-3, 0)]
    [InlineData(7, 1)]
    [InlineData(double.NaN, 0)]
    public void Probability_is_clamped(double given, double expected)
    {
        Assert.Equal(expected, new FailureInjectionSettings(true, given, null, FailureType.Timeout, null).Normalized().Probability);
    }

    [Fact]
    public void Probability_one_fails_every_batch()
    {
        var injector = new FailureInjector(new FailureInjectionSettings(true, 1, null, FailureType.RateLimit, 1));

        Assert.All(Enumerable.Range(0, 20), i => Assert.NotNull(injector.FailurePoint(i * 5, 5)));
    }

    [Theory]
    [InlineData(FailureType.NetworkError, typeof(HttpRequestException), "network_error")]
    [InlineData(FailureType.DatabaseError, typeof(System.Data.Common.DbException), "database_error")]
    [InlineData(FailureType.ValidationError, typeof(System.ComponentModel.DataAnnotations.ValidationException), "validation_error")]
    [InlineData(FailureType.Timeout, typeof(TimeoutException), "timeout")]
    [InlineData(FailureType.RateLimit, typeof(HttpRequestException), "rate_limit")]
    public void Each_type_raises_the_matching_kind_of_exception(FailureType type, Type kind, string name)
    {
        var exception = InjectedFailures.Create(type, "csv", 12);

        Assert.IsAssignableFrom(kind, exception);
        Assert.Equal(name, ErrorClassifier.Classify(exception));
        Assert.True(InjectedFailures.IsInjected(exception));
        Assert.Contains("record 12", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Rate_limit_carries_status_429_like_a_real_one()
    {
        var exception = (HttpRequestException)InjectedFailures.Create(FailureType.RateLimit, "csv", 0);

        Assert.Equal(System.Net.HttpStatusCode.TooManyRequests, exception.StatusCode);
    }
}
