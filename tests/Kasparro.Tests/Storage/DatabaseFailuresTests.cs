using System.Net.Sockets;
using Kasparro.Grains.Interfaces.Storage;
using Kasparro.Grains.Storage;
using Npgsql;

namespace Kasparro.Tests.Storage;

/// <summary>Which database exceptions the silo reports as an outage, which as a failure, and which it leaves alone.</summary>
public sealed class DatabaseFailuresTests
{
    [Theory]
    [InlineData("53300")] // too many connections
    [InlineData("53100")] // disk full
    [InlineData("57P01")] // admin shutdown
    [InlineData("57P03")] // cannot connect now (starting up)
    [InlineData("57014")] // query cancelled (statement timeout)
    [InlineData("08006")] // connection failure
    [InlineData("08001")] // unable to connect
    [InlineData("28P01")] // password authentication failed
    [InlineData("3D000")] // database does not exist
    [InlineData("55000")] // database not accepting connections (ALLOW_CONNECTIONS false)
    [InlineData("58030")] // I/O error
    [InlineData("40001")] // serialization failure: transient, retrying helps
    public void Outages_become_database_unavailable_with_their_sql_state(string sqlState)
    {
        var translated = DatabaseFailures.Translate(new PostgresException("message from 10.0.0.5:5432", "FATAL", "FATAL", sqlState));
        var unavailable = Assert.IsType<DatabaseUnavailableException>(translated);
        Assert.Equal(sqlState, unavailable.SqlState);
        Assert.Contains("database cannot be reached", unavailable.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("10.0.0.5", unavailable.Message, StringComparison.Ordinal);
        Assert.Null(unavailable.InnerException);
    }

    [Theory]
    [InlineData("42P01")] // undefined table
    [InlineData("42601")] // syntax error
    [InlineData("23505")] // unique violation
    [InlineData("22001")] // value too long
    public void Statement_errors_become_database_failed(string sqlState)
    {
        var failed = Assert.IsType<DatabaseFailedException>(DatabaseFailures.Translate(new PostgresException("m", "ERROR", "ERROR", sqlState)));
        Assert.Equal(sqlState, failed.SqlState);
        Assert.Null(failed.InnerException);
    }

    public static TheoryData<Exception> ClientSideOutages => new()
    {
        new NpgsqlException("Failed to connect to 127.0.0.1:5432", new SocketException((int)SocketError.ConnectionRefused)),
        new NpgsqlException("Exception while reading from stream", new IOException("Connection reset by peer")),
        new NpgsqlException("The operation has timed out", new TimeoutException()),
        new NpgsqlException("The connection pool has been exhausted"),
        new InvalidOperationException("wrapped", new NpgsqlException("Exception while reading from stream", new EndOfStreamException())),
        new AggregateException(new ArgumentException("other"), new PostgresException("m", "FATAL", "FATAL", "53300")),
    };

    [Theory]
    [MemberData(nameof(ClientSideOutages))]
    public void Driver_failures_and_wrapped_ones_become_database_unavailable_without_host_or_port(Exception exception)
    {
        var unavailable = Assert.IsType<DatabaseUnavailableException>(DatabaseFailures.Translate(exception));
        Assert.DoesNotContain("127.0.0.1", unavailable.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("5432", unavailable.Message, StringComparison.Ordinal);
        Assert.Null(unavailable.InnerException);
    }

    [Fact]
    public void An_encoding_error_is_a_failure_not_an_outage() =>
        Assert.IsType<DatabaseFailedException>(DatabaseFailures.Translate(
            new NpgsqlException("write failed", new System.Text.EncoderFallbackException("lone surrogate"))));

    [Fact]
    public void Exceptions_without_a_database_one_and_the_projects_own_are_left_alone()
    {
        Assert.Null(DatabaseFailures.Translate(new InvalidOperationException("no", new IOException("file"))));
        Assert.Null(DatabaseFailures.Translate(new TimeoutException()));
        Assert.Null(DatabaseFailures.Translate(new SocketException((int)SocketError.ConnectionRefused)));
        Assert.Null(DatabaseFailures.Translate(new DatabaseUnavailableException()));
        Assert.Null(DatabaseFailures.Translate(new DatabaseFailedException()));
    }
}
