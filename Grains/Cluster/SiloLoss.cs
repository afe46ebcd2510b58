using Kasparro.Grains.Interfaces.Cluster;
using Kasparro.Grains.Interfaces.Storage;
using Orleans.Runtime.Messaging;

namespace Kasparro.Grains.Cluster;

/// <summary>
/// Whether a failed call means "the silo it went to is gone" (and so may succeed on another one once
/// the cluster has noticed): the runtime found the target silo unavailable or rejected the message,
/// a connection failed, the call timed out, or a grain said so with <see cref="ClusterUnavailableException"/>.
/// Never an answer of the grain itself (a 4xx-class domain error) nor a database failure, which
/// another silo would meet just the same.
/// </summary>
public static class SiloLoss
{
    public static bool Is(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        if (HasDatabaseCause(exception))
        {
            return false;
        }

        return exception switch
        {
            AggregateException aggregate => aggregate.InnerExceptions.Count > 0 && aggregate.InnerExceptions.All(Is),
            // SiloUnavailableException is a rejection too: the target silo was declared dead with the call pending.
            OrleansMessageRejectionException or ConnectionFailedException or ClusterUnavailableException => true,
            TimeoutException => true,
            _ => false,
        };
    }

    private static bool HasDatabaseCause(Exception exception)
    {
        for (Exception? e = exception; e is not null; e = e.InnerException)
        {
            if (e is DatabaseUnavailableException or DatabaseFailedException)
            {
                return true;
            }

            if (e is AggregateException aggregate)
            {
                return aggregate.InnerExceptions.Any(HasDatabaseCause);
            }
        }

        return false;
    }
}
