using Kasparro.Grains.Normalization;

namespace Kasparro.Tests.Normalization;

/// <summary>What a failed run's message may show a client: no absolute paths, no database (or any) host and port.</summary>
public sealed class PublicTextTests
{
    [Theory]
    [InlineData("Could not find file '/tmp/kasparro-api/alpha.csv'.", "Could not find file '…/alpha.csv'.")]
    [InlineData("Could not find a part of the path '/srv/data/missing/'.", "Could not find a part of the path '…/missing'.")]
    [InlineData(@"Could not find file 'C:\data\feeds\coins.csv'.", @"Could not find file '…\coins.csv'.")]
    [InlineData("Failed to connect to 127.0.0.1:5432 (Connection refused)", "Failed to connect to <host> (Connection refused)")]
    [InlineData("Failed to connect to [::1]:54321", "Failed to connect to <host>")]
    [InlineData("No such host is known (pg.internal.example:5432)", "No such host is known (<host>)")]
    [InlineData("at localhost:6543 the server said no", "at <host> the server said no")]
    [InlineData("using Host=db.internal;Port=5433;Database=kasparro", "using Host=<host>;Port=<host>;Database=kasparro")]
    public void Paths_and_network_endpoints_are_taken_out(string message, string expected) =>
        Assert.Equal(expected, PublicText.Redact(message));

    [Theory]
    [InlineData("CSV line 33: price 'abc' is not a number")]
    [InlineData("Injected database_error at record 0")]
    [InlineData("run started 2024-01-15T10:00:00Z and stopped at 10:05:00")]
    [InlineData("GET https://api.coingecko.com/api/v3/coins/markets answered 429")]
    [InlineData("field renamed: price -> current_price (confidence 0.93)")]
    [InlineData("a/b relative paths and 3/4 fractions stay")]
    public void Everything_else_is_left_alone(string message) =>
        Assert.Equal(message, PublicText.Redact(message));

    [Fact]
    public void Null_stays_null_and_a_long_message_is_handled()
    {
        Assert.Null(PublicText.RedactOrNull(null));
        var redacted = PublicText.Redact(string.Concat(Enumerable.Repeat("x /var/lib/pg/data/file 10.1.2.3:5432 ", 2000)));
        Assert.DoesNotContain("/var/lib", redacted, StringComparison.Ordinal);
        Assert.DoesNotContain("10.1.2.3", redacted, StringComparison.Ordinal);
    }
}
