using Kasparro.Grains.Cluster;
using Kasparro.Grains.Interfaces.Cluster;
using Kasparro.Grains.Interfaces.Runs;
using Kasparro.Grains.Interfaces.Storage;
using Orleans.Runtime.Messaging;

namespace Kasparro.Tests.Cluster;

public sealed class SiloLossTests
{
    public static TheoryData<Exception, bool> Cases => new()
    {
        { new SiloUnavailableException("gone"), true },
        { new ConnectionFailedException("refused"), true },
        { new ClusterUnavailableException(), true },
        { new TimeoutException("no response"), true },
        { new AggregateException(new SiloUnavailableException("a"), new TimeoutException("b")), true },
        { new AggregateException(new SiloUnavailableException("a"), new RunNotFoundException(Guid.Empty)), false },
        { new RunNotFoundException(Guid.Empty), false },
        { DatabaseUnavailableException.For(null), false },
        { new SiloUnavailableException("activation failed", DatabaseUnavailableException.For("57P01")), false },
        { new OrleansException("something else"), false },
        { new InvalidOperationException("bug"), false },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Only_failures_that_mean_a_silo_is_gone_are_silo_loss(Exception exception, bool expected) =>
        Assert.Equal(expected, SiloLoss.Is(exception));
}
