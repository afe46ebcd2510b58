using Kasparro.Grains.Normalization;

namespace Kasparro.Tests.Normalization;

public sealed class NumberParserTests
{
    [Theory]
    [InlineData("43250.12", "43250.12")]
    [InlineData("8.5e11", "850000000000")]
    [InlineData("1.5E-3", "0.0015")]
    [InlineData(" -2.5 ", "-2.5")]
    [InlineData("+7", "7")]
    [InlineData("0", "0")]
    [InlineData("0e-50", "0")]
    [InlineData("0.0000000000000000000000000001", "0.0000000000000000000000000001")] // 1e-28: decimal's smallest step
    [InlineData("1e-28", "0.0000000000000000000000000001")]
    [InlineData("79228162514264337593543950335", "79228162514264337593543950335")] // decimal.MaxValue
    [InlineData("12.500000000000000000000000000000000000", "12.5")] // trailing zeros past 28 places lose nothing
    [InlineData("0.00000000000000000000000000000000001e35", "1")]
    public void Ordinary_values_parse_exactly(string text, string expected)
    {
        Assert.Equal(NumberParser.Outcome.Ok, NumberParser.Parse(text, out var value));
        Assert.Equal(decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), value);
    }

    [Theory]
    [InlineData("0.0000000000000000000000000000001")] // 1e-31 would round to 0
    [InlineData("1e-31")]
    [InlineData("12345678901234567890123456789012345678")] // 38 digits: beyond decimal
    [InlineData("1.00000000000000000000000000001")] // 30 significant digits would round to 1
    [InlineData("79228162514264337593543950336")] // decimal.MaxValue + 1
    [InlineData("1e400")] // finite as written, beyond double too
    [InlineData("-1e29")]
    public void Values_decimal_cannot_hold_exactly_are_out_of_range(string text)
    {
        Assert.Equal(NumberParser.Outcome.OutOfRange, NumberParser.Parse(text, out var value));
        Assert.Equal(0m, value);
    }

    [Theory]
    [InlineData("NaN")]
    [InlineData("Infinity")]
    [InlineData("-Infinity")]
    [InlineData("-inf")]
    [InlineData("∞")]
    public void Only_nan_and_infinity_are_non_finite(string text) =>
        Assert.Equal(NumberParser.Outcome.NonFinite, NumberParser.Parse(text, out _));

    [Theory]
    [InlineData("12,5")]
    [InlineData("abc")]
    [InlineData("1e")]
    [InlineData("")]
    [InlineData("4\0")] // .NET alone would read 4: it skips trailing NULs
    [InlineData("\04")]
    public void Non_numbers_are_invalid(string text) =>
        Assert.Equal(NumberParser.Outcome.Invalid, NumberParser.Parse(text, out _));
}
