using System.Data.Common;
using Kasparro.Grains.Interfaces.Storage;
using Npgsql;

namespace Kasparro.Grains.Storage;

/// <summary>
/// Turns a database driver's exception into the project's own, which can cross the grain boundary:
/// an outage (the database cannot be reached, refuses connections, is shutting down, timed out)
/// becomes <see cref="DatabaseUnavailableException"/>, anything else the database refused
/// <see cref="DatabaseFailedException"/>. Neither carries the original: its message may name the
/// host and port, and its type has no codec on the other side.
/// </summary>
public static class DatabaseFailures
{
    /// <summary>The project's exception for <paramref name="exception"/>, or null when no database exception is in it.</summary>
    public static Exception? Translate(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        if (exception is DatabaseUnavailableException or DatabaseFailedException)
        {
            return null;
        }

        return FindDatabaseException(exception) switch
        {
            null => null,
            PostgresException pg when IsOutage(pg.SqlState) || pg.IsTransient => DatabaseUnavailableException.For(pg.SqlState),
            PostgresException pg => DatabaseFailedException.For(pg.SqlState),
            // A client-side failure that is the data's (a string Npgsql cannot encode), not the server's.
            NpgsqlException { InnerException: System.Text.EncoderFallbackException } => DatabaseFailedException.For(null),
            // Everything else the driver raises on its own: refused or broken connections, socket and
            // stream errors, timeouts, an exhausted pool.
            _ => DatabaseUnavailableException.For(null),
        };
    }

    /// <summary>
    /// SQLSTATE classes and codes that mean "the database cannot serve now" rather than "this
    /// statement is wrong": connection exceptions (08), invalid authorization (28), unknown database
    /// (3D000), insufficient resources (53, e.g. 53300 too many connections), operator intervention
    /// (57: shutdown, query cancelled by a timeout), system errors (58) and a database that is not
    /// accepting connections (55000).
    /// </summary>
    public static bool IsOutage(string? sqlState) => sqlState is { Length: 5 } state && (
        state.StartsWith("08", StringComparison.Ordinal)
        || state.StartsWith("28", StringComparison.Ordinal)
        || state.StartsWith("53", StringComparison.Ordinal)
        || state.StartsWith("57", StringComparison.Ordinal)
        || state.StartsWith("58", StringComparison.Ordinal)
        || state is "3D000" or "55000");

    /// <summary>
    /// The first database exception in the chain (inner exceptions, the members of an aggregate):
    /// an exception that merely wraps one cannot cross the boundary either, since its inner
    /// exception travels with it.
    /// </summary>
    internal static Exception? FindDatabaseException(Exception exception)
    {
        for (var depth = 0; depth < 16 && exception is not null; depth++)
        {
            switch (exception)
            {
                case DbException:
                    return exception;
                case AggregateException aggregate:
                    foreach (var inner in aggregate.InnerExceptions)
                    {
                        if (FindDatabaseException(inner) is { } found)
                        {
                            return found;
                        }
                    }

                    return null;
                default:
                    exception = exception.InnerException!;
                    break;
            }
        }

        return null;
    }
}
