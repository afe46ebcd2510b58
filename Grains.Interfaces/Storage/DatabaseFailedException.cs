namespace Kasparro.Grains.Interfaces.Storage;

/// <summary>
/// The database was reached but refused a statement for a reason that is not an outage (a missing
/// table, a violated constraint): a bug or a schema problem. Raised in place of the driver's
/// exception, which cannot cross the grain boundary; the gateway answers it with 500.
/// </summary>
[GenerateSerializer, Alias("kasparro.DatabaseFailedException")]
public sealed class DatabaseFailedException : Exception
{
    public const string DefaultMessage = "A database operation failed.";

    public DatabaseFailedException()
        : base(DefaultMessage)
    {
    }

    public DatabaseFailedException(string message)
        : base(message)
    {
    }

    public DatabaseFailedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The SQLSTATE the server answered with, if it was the server that refused.</summary>
    [Id(0)]
    public string? SqlState { get; init; }

    public static DatabaseFailedException For(string? sqlState) =>
        new(sqlState is null ? DefaultMessage : $"A database operation failed (SQLSTATE {sqlState}).") { SqlState = sqlState };
}
