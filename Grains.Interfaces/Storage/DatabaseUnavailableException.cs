namespace Kasparro.Grains.Interfaces.Storage;

/// <summary>
/// The database could not be reached or refused to work (connection refused, too many connections,
/// shut down, timed out). Grains raise it in place of the driver's exception, which cannot cross the
/// grain boundary; the gateway answers it with 503 and <c>Retry-After</c>. Its message names the
/// database, never its host, port or connection string.
/// </summary>
[GenerateSerializer, Alias("kasparro.DatabaseUnavailableException")]
public sealed class DatabaseUnavailableException : Exception
{
    public const string DefaultMessage = "The database cannot be reached.";

    public DatabaseUnavailableException()
        : base(DefaultMessage)
    {
    }

    public DatabaseUnavailableException(string message)
        : base(message)
    {
    }

    public DatabaseUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The SQLSTATE the server answered with, when it answered at all (e.g. <c>53300</c>).</summary>
    [Id(0)]
    public string? SqlState { get; init; }

    /// <summary>Creates the exception for a failure, with its SQLSTATE (if any) in the message.</summary>
    public static DatabaseUnavailableException For(string? sqlState) =>
        new(sqlState is null ? DefaultMessage : $"The database cannot be reached (SQLSTATE {sqlState}).") { SqlState = sqlState };
}
