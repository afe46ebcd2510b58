using Kasparro.Grains.Storage;
using Npgsql;

namespace Kasparro.Hosting;

/// <summary>Answers "can we reach the database right now?" within its timeout, without throwing.</summary>
public static class DatabaseProbe
{
    /// <summary>
    /// Runs <c>SELECT 1</c>; returns null when it worked, otherwise a short reason. Answers within
    /// <paramref name="timeout"/> even when the server stalls: the driver's own timeout is no such
    /// bound (see <see cref="DatabaseDeadline"/>), so the probe stops waiting and leaves it behind.
    /// </summary>
    public static async Task<string?> CheckAsync(string connectionString, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        var seconds = Math.Max(1, (int)Math.Ceiling(timeout.TotalSeconds));
        var builder = new NpgsqlConnectionStringBuilder(connectionString)
        {
            Timeout = Math.Min(1024, seconds),
            CommandTimeout = seconds,
        };
        try
        {
            // A read: when the server restarted since the probe's connection was pooled, ask again on a fresh one.
            var probe = builder.ConnectionString;
            await DatabaseDeadline.RunIdempotentAsync(ct => SelectOneAsync(probe, ct), timeout, () => PostgresConnections.ClearPool(probe), cancellationToken);
            return null;
        }
        catch (Grains.Interfaces.Storage.DatabaseUnavailableException)
        {
            return $"no answer within {timeout.TotalSeconds:0.#} s";
        }
        catch (Exception ex) when (ex is NpgsqlException or System.Net.Sockets.SocketException or TimeoutException or InvalidOperationException)
        {
            return ex.InnerException is { } inner ? $"{ex.Message} ({inner.Message})" : ex.Message;
        }
    }

    /// <summary>Host, port and database of a connection string: enough to say where, never the password.</summary>
    public static string Describe(string connectionString)
    {
        var b = new NpgsqlConnectionStringBuilder(connectionString);
        return $"Host={b.Host};Port={b.Port};Database={b.Database}";
    }

    private static async Task<bool> SelectOneAsync(string connectionString, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand("SELECT 1", connection);
        await command.ExecuteScalarAsync(cancellationToken);
        return true;
    }
}
