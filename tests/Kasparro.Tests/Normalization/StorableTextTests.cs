using Kasparro.Grains.Normalization;

namespace Kasparro.Tests.Normalization;

public sealed class StorableTextTests
{
    private const string Rocket = "\U0001F680";

    [Fact]
    public void Clean_text_is_returned_as_the_same_instance()
    {
        var text = "Bitcoin " + Rocket + " café\tline\n";

        Assert.Same(text, StorableText.Free(text));
        Assert.True(StorableText.IsCleanKey("bitcoin-" + Rocket));
    }

    [Fact]
    public void Keys_with_controls_or_lone_surrogates_are_refused()
    {
        // Not [InlineData]: attribute strings are stored as UTF-8, which turns a lone surrogate into U+FFFD.
        string[] keys = ["bit\0coin", "tab\tkey", "line\nkey", "del\u007f", "c1\u0085", "lone\ud800", "\udc00lone", "swapped\udc00\ud800"];

        Assert.All(keys, key => Assert.False(StorableText.IsCleanKey(key), key));
        Assert.True(StorableText.IsCleanKey("replacement\uFFFD"));
    }

    [Fact]
    public void Free_text_loses_controls_but_keeps_line_breaks_and_replaces_lone_surrogates()
    {
        Assert.Equal("ab\tc\r\nd\uFFFDe" + Rocket, StorableText.Free("a\0b\tc\r\n\u0001d\ud800e" + Rocket + "\u007f"));
    }

    [Fact]
    public void Names_lose_every_control_and_are_trimmed()
    {
        Assert.Equal("price\uFFFD", StorableText.Name(" pri\0ce\n\udfff "));
        Assert.Equal("price", StorableText.Name("price"));
    }

    [Fact]
    public void Clipping_never_splits_a_surrogate_pair()
    {
        var clipped = StorableText.Clip(new string('a', 39) + Rocket, 40);

        Assert.Equal(new string('a', 39) + "…", clipped);
    }

    [Fact]
    public void Clipping_keeps_a_letter_with_its_combining_marks()
    {
        var text = new string('a', 38) + "e\u0301\u0302z"; // e with two accents spans the limit

        Assert.Equal(new string('a', 38) + "…", StorableText.Clip(text, 40));
        Assert.Equal(new string('a', 38) + "e\u0301\u0302…", StorableText.Clip(text, 41));
    }

    [Fact]
    public void A_single_element_longer_than_the_limit_is_cut_at_a_rune_boundary()
    {
        var text = "e" + string.Concat(Enumerable.Repeat("\u0301", 50)) + Rocket;

        var clipped = StorableText.Clip(Rocket + text, 2);

        Assert.Equal(Rocket + "…", clipped);
        Assert.Equal("e\u0301…", StorableText.Clip(text, 2));
    }

    [Fact]
    public void Short_text_is_not_clipped() => Assert.Equal("abc", StorableText.Clip("abc", 3));

    [Fact]
    public void Payloads_are_capped_in_utf8_bytes_between_characters_with_nul_shown()
    {
        var huge = "x\0" + string.Concat(Enumerable.Repeat("é" + Rocket, 10_000));

        var payload = StorableText.Payload(huge);

        Assert.StartsWith("x\u2400é", payload, StringComparison.Ordinal);
        Assert.InRange(System.Text.Encoding.UTF8.GetByteCount(payload), StorableText.PayloadLimitBytes - 6, StorableText.PayloadLimitBytes);
        Assert.False(char.IsHighSurrogate(payload[^1]));
        Assert.Equal("a\tb\u2400\uFFFD", StorableText.Payload("a\tb\0\ud800"));
    }

    [Fact]
    public void Messages_are_clipped_and_cleaned()
    {
        var message = StorableText.Message("bad\0" + new string('m', 5000));

        Assert.Equal(StorableText.MessageLimit, message.Length); // "bad", 1996 m and the ellipsis: the NUL counted, then removed
        Assert.EndsWith("m…", message, StringComparison.Ordinal);
        Assert.DoesNotContain('\0', message);
    }

    [Fact]
    public void Json_escapes_of_nul_and_lone_surrogates_are_cleaned_for_drift()
    {
        var cleaned = StorableJson.Clean("""{"pri\u0000ce": "a\u0000b\n", "n": [1, "\ud800"], "ok": "\u00e9\ud83d\ude80", "lit": "\\u0000"}""");

        Assert.Equal("""{"price": "ab\n", "n": [1, "\uFFFD"], "ok": "\u00e9\ud83d\ude80", "lit": "\\u0000"}""", cleaned);
        using var parsed = System.Text.Json.JsonDocument.Parse(cleaned);
        Assert.Equal("\uFFFD", parsed.RootElement.GetProperty("n")[1].GetString());
        Assert.Equal("""{"a": 1}""", StorableJson.Clean("""{"a": 1}"""));
    }
}
