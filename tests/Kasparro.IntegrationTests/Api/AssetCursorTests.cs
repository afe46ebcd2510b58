using System.Globalization;
using Kasparro.Api.Http;
using Kasparro.Grains.Interfaces.Queries;

namespace Kasparro.IntegrationTests.Api;

/// <summary>The /data cursor: every key comes back exactly (digits and scale of its cap), and no text throws.</summary>
public sealed class AssetCursorTests
{
    public static TheoryData<string?, string, string> Keys() => new()
    {
        { null, "beta", "bitcoin" },
        { "0", "a", "b" },
        { "1.50", "B", "a b" },
        { "1.5", "B", "a b" },
        { "-12.000", "src", "id" },
        { "0.0000000000000000000000000001", "s", "\u00e9\ud83d\ude80" },
        { "79228162514264337593543950335", "s", "\"quoted\" \\ back" },
        { "-79228162514264337593543950335", "' OR 1=1 --", "x\u202e" },
        { "123456789012345678.123456789", new string('s', 1000), new string('i', 1000) },
    };

    [Theory]
    [MemberData(nameof(Keys))]
    public void A_key_comes_back_exactly(string? cap, string source, string id)
    {
        var key = new AssetKey(cap is null ? null : decimal.Parse(cap, NumberStyles.Number | NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture), source, id);

        var cursor = AssetCursor.Encode(key);
        var back = AssetCursor.Decode(cursor);

        Assert.True(cursor.Length <= AssetCursor.MaxLength);
        Assert.DoesNotContain(cursor, c => c is '+' or '/' or '=' or '%' or '&');
        Assert.Equal(key, back);
        Assert.Equal(cap, back!.MarketCap?.ToString(CultureInfo.InvariantCulture));
    }

    [Fact]
    public void A_changed_cursor_decodes_to_a_key_or_to_nothing_and_never_throws()
    {
        var cursor = AssetCursor.Encode(new AssetKey(1234.5m, "beta", "bitcoin"));
        var keys = new List<AssetKey>();
        for (var i = 0; i < cursor.Length; i++)
        {
            foreach (var c in "AZaz09-_!=\0\u00e9")
            {
                // Decode must answer (a key or null) for every change, and any key it gives holds storable text.
                if (AssetCursor.Decode(cursor[..i] + c + cursor[(i + 1)..]) is { } key)
                {
                    keys.Add(key);
                }
            }

            Assert.Null(AssetCursor.Decode(cursor[..i])); // every cut of it is short of its closing brace
        }

        Assert.All(keys, k => Assert.DoesNotContain('\0', k.Source + k.ExternalId));
        Assert.Equal(new AssetKey(1234.5m, "beta", "bitcoin"), AssetCursor.Decode(cursor));
    }
}
