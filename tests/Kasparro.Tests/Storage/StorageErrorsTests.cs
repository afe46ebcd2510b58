using System.Text;
using Kasparro.Grains.Normalization;
using Kasparro.Grains.Storage;
using Npgsql;

namespace Kasparro.Tests.Storage;

/// <summary>Which database errors reject a row and which fail the run.</summary>
public sealed class StorageErrorsTests
{
    [Theory]
    [InlineData("22021", true)] // NUL / invalid byte sequence
    [InlineData("22001", true)] // value too long
    [InlineData("22003", true)] // numeric out of range
    [InlineData("22P05", true)] // untranslatable character
    [InlineData("23514", true)] // check violation
    [InlineData("23502", true)] // not null violation
    [InlineData("54000", true)] // program limit exceeded
    [InlineData("53100", false)] // disk full
    [InlineData("53200", false)] // out of memory
    [InlineData("53300", false)] // too many connections
    [InlineData("42501", false)] // insufficient privilege
    [InlineData("42P01", false)] // undefined table (a schema problem, not the row's)
    [InlineData("57P01", false)] // admin shutdown
    [InlineData("57014", false)] // query canceled
    [InlineData("40001", false)] // serialization failure
    [InlineData("40P01", false)] // deadlock
    [InlineData("08006", false)] // connection failure
    [InlineData("XX000", false)] // internal error
    public void Sql_states_are_classed_by_their_class(string sqlState, bool refusal)
    {
        var error = new PostgresException("message", "ERROR", "ERROR", sqlState);
        Assert.Equal(refusal, StorageErrors.IsDataRefusal(error));
    }

    [Fact]
    public void Client_side_encoding_errors_are_refusals_and_everything_else_is_not()
    {
        Assert.True(StorageErrors.IsDataRefusal(new EncoderFallbackException("lone surrogate")));
        Assert.True(StorageErrors.IsDataRefusal(new NpgsqlException("write failed", new EncoderFallbackException("lone surrogate"))));
        Assert.False(StorageErrors.IsDataRefusal(new NpgsqlException("connection lost", new IOException("reset"))));
        Assert.False(StorageErrors.IsDataRefusal(new TimeoutException()));
        Assert.False(StorageErrors.IsDataRefusal(new OperationCanceledException()));
        Assert.False(StorageErrors.IsDataRefusal(new InvalidOperationException()));
    }

    [Fact]
    public void The_detail_names_the_sql_state_and_stays_short_and_storable()
    {
        var error = new PostgresException("value " + new string('v', 2000) + "\0\uD800", "ERROR", "ERROR", "22001");
        var detail = StorageErrors.Describe(error);
        Assert.StartsWith("22001: value vvv", detail, StringComparison.Ordinal);
        Assert.True(detail.Length <= StorageRefusals.MaxDetail);
        Assert.Null(StorableText.StoreProblem(detail));
    }
}
