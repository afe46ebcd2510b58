namespace Kasparro.Grains.Interfaces.Cluster;

/// <summary>
/// A grain could not reach another part of the cluster in time: the silo it needed is gone or not
/// answering, and the retries a read is allowed did not find it elsewhere. Raised in place of the
/// runtime's own exception, so callers see one type whatever the path; the gateway answers it with
/// 503 and <c>Retry-After</c>, and a read that receives it may be tried again.
/// </summary>
[GenerateSerializer, Alias("kasparro.ClusterUnavailableException")]
public sealed class ClusterUnavailableException : Exception
{
    public const string DefaultMessage = "A silo of the cluster cannot be reached.";

    public ClusterUnavailableException()
        : base(DefaultMessage)
    {
    }

    public ClusterUnavailableException(string message)
        : base(message)
    {
    }

    public ClusterUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
