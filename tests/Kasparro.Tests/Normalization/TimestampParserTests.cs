using System.Globalization;
using Kasparro.Grains.Normalization;

namespace Kasparro.Tests.Normalization;

/// <summary>The digit-by-digit reading of <c>yyyy-MM-ddTHH:mm:ssZ</c> agrees with the general parser, and leaves it everything else.</summary>
public sealed class TimestampParserTests
{
    [Theory]
    [InlineData("2024-01-01T00:00:00Z")]
    [InlineData("2024-02-29T23:59:59Z")]
    [InlineData("1999-12-31T12:30:05Z")]
    [InlineData("0001-01-01T00:00:00Z")]
    public void The_common_form_is_read_as_the_general_parser_reads_it(string text)
    {
        Assert.True(TimestampParser.TryParseUtcSeconds(text, out var fast));
        Assert.True(DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var general));
        Assert.Equal(general.UtcDateTime, fast);
        Assert.Equal(DateTimeKind.Utc, fast.Kind);
        Assert.True(TimestampParser.TryParse(text, out var parsed));
        Assert.Equal(fast, parsed);
    }

    [Theory]
    [InlineData("2023-02-29T00:00:00Z")] // no such day: the general parser refuses it too
    [InlineData("2024-01-01T24:00:00Z")]
    [InlineData("2024-13-01T00:00:00Z")]
    [InlineData("2024-01-01T00:00:60Z")]
    [InlineData("2024-01-01 00:00:00Z")]
    [InlineData("2024-01-01T00:00:00+01:00")]
    [InlineData("2024-01-01T00:00:00.5Z")]
    [InlineData("2024-01-0１T00:00:00Z")] // a full-width digit
    [InlineData("1704067200")]
    public void Anything_else_is_left_to_the_general_parser(string text)
    {
        Assert.False(TimestampParser.TryParseUtcSeconds(text, out _));
        var general = TimestampParser.TryParse(text, out var parsed);
        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AllowWhiteSpaces, out var offset)
            && !decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out _))
        {
            Assert.True(general);
            Assert.Equal(offset.UtcDateTime, parsed);
        }
    }
}
