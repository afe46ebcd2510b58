using System.Text;
using Npgsql;

namespace Kasparro.Grains.Storage;

/// <summary>
/// Tells a row the database refuses (the data's fault: bad text, a value out of range, a violated
/// constraint) from a database that cannot work (connection, disk, memory, permissions, shutdown,
/// serialization). Refused rows are rejected and the run goes on; everything else fails the run.
/// </summary>
public static class StorageErrors
{
    public static bool IsDataRefusal(Exception exception) => exception switch
    {
        // 22: data exception (bad encoding, NUL, too long, out of range); 23: integrity constraint
        // (CHECK, NOT NULL; the history COPY's unique violation is handled before it gets here);
        // 54: program limit exceeded (a value too large for an index row, for instance).
        PostgresException pg => pg.SqlState.StartsWith("22", StringComparison.Ordinal)
            || pg.SqlState.StartsWith("23", StringComparison.Ordinal)
            || pg.SqlState.StartsWith("54", StringComparison.Ordinal),
        // Npgsql encodes text on the client: a lone surrogate fails there, before the server sees it.
        EncoderFallbackException => true,
        NpgsqlException { IsTransient: false, InnerException: EncoderFallbackException } => true,
        _ => false,
    };

    /// <summary>What the refusal says, storable: the SQLSTATE and the message (never the row, which may be huge).</summary>
    public static string Describe(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        var text = exception switch
        {
            PostgresException pg => $"{pg.SqlState}: {pg.MessageText}",
            NpgsqlException { InnerException: EncoderFallbackException inner } => $"encoding: {inner.Message}",
            EncoderFallbackException e => $"encoding: {e.Message}",
            _ => exception.Message,
        };
        return StorageRefusals.Detail(text);
    }
}
