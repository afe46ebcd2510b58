namespace Kasparro.Grains.Drift;

/// <summary>
/// A run stopped by its source's drift policy (<c>freeze</c>) before the drifted batch was written;
/// the checkpoint stays where the last durable batch left it. Logged with error type <c>schema_drift</c>.
/// </summary>
public sealed class SchemaDriftException : Exception
{
    public SchemaDriftException()
    {
    }

    public SchemaDriftException(string message)
        : base(message)
    {
    }

    public SchemaDriftException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
