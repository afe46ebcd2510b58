using Kasparro.Grains.Hosting;

namespace Kasparro.Tests.Hosting;

public sealed class StartupFailureTests
{
    [Fact]
    public void Finds_a_configuration_error_wrapped_by_the_host()
    {
        var root = new KasparroConfigurationException("Kasparro:Storage:Provider is wrong");
        var wrapped = new InvalidOperationException("lifecycle failed", new AggregateException(new TimeoutException(), root));

        Assert.Same(root, StartupFailure.Find(wrapped));
    }

    [Fact]
    public void Other_errors_are_not_configuration_errors()
    {
        Assert.Null(StartupFailure.Find(new InvalidOperationException("boom", new TimeoutException())));
    }

    [Fact]
    public async Task A_configuration_error_exits_with_the_documented_code()
    {
        var code = await StartupFailure.GuardAsync(() => throw new KasparroConfigurationException("bad"));

        Assert.Equal(StartupFailure.ExitCode, code);
    }

    [Fact]
    public async Task Other_errors_propagate()
    {
        await Assert.ThrowsAsync<TimeoutException>(() => StartupFailure.GuardAsync(() => throw new TimeoutException()));
    }
}
