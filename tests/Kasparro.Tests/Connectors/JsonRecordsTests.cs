using System.Text.Json;
using Kasparro.Grains.Connectors;
using Kasparro.Grains.Normalization;

namespace Kasparro.Tests.Connectors;

/// <summary>JSON values reach the text boundary as the source sent them, lone surrogate escapes included.</summary>
public sealed class JsonRecordsTests
{
    [Fact]
    public void A_lone_surrogate_escape_in_a_value_is_kept_so_a_key_holding_it_is_refused()
    {
        using var document = JsonDocument.Parse("""{"id":"btc\ud800","name":"Bit\udc00coin \"x\"\n","price":1.5,"nothing":null}""");
        var record = JsonRecords.From(document.RootElement, "page 1, item 0");

        Assert.Equal("btc\uD800", record.Fields["id"]);
        Assert.False(StorableText.IsCleanKey(record.Fields["id"]!));
        Assert.Equal("Bit\uDC00coin \"x\"\n", record.Fields["name"]);
        Assert.Equal("Bit\uFFFDcoin \"x\"\n", StorableText.Free(record.Fields["name"]!));
        Assert.Equal("1.5", record.Fields["price"]);
        Assert.Null(record.Fields["nothing"]);
    }

    [Fact]
    public void Ordinary_strings_are_read_as_they_are()
    {
        using var document = JsonDocument.Parse("""{"id":"b\u0074c","symbol":"BTC 🚀"}""");
        var record = JsonRecords.From(document.RootElement, "page 1, item 0");

        Assert.Equal("btc", record.Fields["id"]);
        Assert.Equal("BTC 🚀", record.Fields["symbol"]);
    }
}
