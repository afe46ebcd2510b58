using System.Net;

namespace Kasparro.IntegrationTests.Api;

/// <content>/data, an asset's history and /news: fields, order, paging edges and filters.</content>
public abstract partial class GatewayApiTests
{
    private static readonly string[] AssetFields =
        ["source", "external_id", "symbol", "name", "current_price", "market_cap", "volume_24h", "price_change_24h", "last_updated"];

    [Fact]
    public async Task Data_lists_every_asset_by_market_cap_with_its_fields_and_pagination()
    {
        var reply = await GetAsync("/data");

        Assert.Equal(HttpStatusCode.OK, reply.Status);
        AssertStamped(reply);
        Assert.Equal(["data", "pagination", "api_latency_ms", "request_id", "timestamp"], Names(reply.Body));
        var pagination = reply.Body.GetProperty("pagination");
        Assert.Equal((1, 50, 36L, 1L), (pagination.GetProperty("page").GetInt32(), pagination.GetProperty("per_page").GetInt32(),
            pagination.GetProperty("total_items").GetInt64(), pagination.GetProperty("total_pages").GetInt64()));
        Assert.True(reply.Body.GetProperty("api_latency_ms").GetDouble() >= 0);
        var data = reply.Body.GetProperty("data");
        var ids = Strings(data, "external_id");
        string[] expected = ["bitcoin", "ethereum", "solana", "harmony", "tether", "cardano",
            .. Enumerable.Range(1, 29).Reverse().Select(i => $"a-{i:00}"), "a-00"]; // no market cap comes last
        Assert.Equal(expected, ids);

        var bitcoin = data[0];
        Assert.Equal(AssetFields, Names(bitcoin));
        Assert.Equal(("beta", "BTC", "Bitcoin"), (bitcoin.GetProperty("source").GetString(), bitcoin.GetProperty("symbol").GetString(), bitcoin.GetProperty("name").GetString()));
        Assert.Equal((43000m, 900000m), (bitcoin.GetProperty("current_price").GetDecimal(), bitcoin.GetProperty("market_cap").GetDecimal()));
        Assert.Equal(new DateTime(2024, 1, 15, 10, 0, 0, DateTimeKind.Utc), bitcoin.GetProperty("last_updated").GetDateTime().ToUniversalTime());
        var a01 = data.EnumerateArray().Single(e => e.GetProperty("external_id").GetString() == "a-01");
        Assert.Equal(1.75m, a01.GetProperty("current_price").GetDecimal()); // the newer of its two quotes
        Assert.Equal(System.Text.Json.JsonValueKind.Null, data[35].GetProperty("market_cap").ValueKind);
    }

    [Theory]
    [InlineData("/data?per_page=10&page=1", 10, 4, "bitcoin")]
    [InlineData("/data?per_page=10&page=4", 6, 4, "a-05")]
    [InlineData("/data?per_page=10&page=5", 0, 4, null)]
    [InlineData("/data?per_page=1&page=36", 1, 36, "a-00")]
    [InlineData("/data?per_page=100", 36, 1, "bitcoin")]
    [InlineData("/data?page=2", 0, 1, null)]
    public async Task Data_pages_at_their_edges(string url, int count, long totalPages, string? first)
    {
        var reply = await GetAsync(url);

        Assert.Equal(HttpStatusCode.OK, reply.Status);
        var data = reply.Body.GetProperty("data");
        Assert.Equal(count, data.GetArrayLength());
        Assert.Equal(36, reply.Body.GetProperty("pagination").GetProperty("total_items").GetInt64());
        Assert.Equal(totalPages, reply.Body.GetProperty("pagination").GetProperty("total_pages").GetInt64());
        if (first is not null)
        {
            Assert.Equal(first, data[0].GetProperty("external_id").GetString());
        }
    }

    [Theory]
    [InlineData("/data?source=beta", "bitcoin,ethereum,solana,harmony,tether,cardano")]
    [InlineData("/data?symbol=btc", "bitcoin,a-07")]
    [InlineData("/data?symbol=BTC&source=alpha", "a-07")]
    [InlineData("/data?min_price=10.5&max_price=12.5", "a-12,a-11,a-10")]
    [InlineData("/data?min_price=2300", "bitcoin,ethereum")]
    [InlineData("/data?max_price=0.5", "harmony,cardano,a-00")]
    [InlineData("/data?source=alpha&min_price=1.75&max_price=1.75", "a-01")]
    [InlineData("/data?symbol=nothing", "")]
    public async Task Data_filters_combine(string url, string expected)
    {
        var reply = await GetAsync(url);

        Assert.Equal(HttpStatusCode.OK, reply.Status);
        var ids = Strings(reply.Body.GetProperty("data"), "external_id");
        Assert.Equal(expected, string.Join(',', ids));
        Assert.Equal(ids.Length, reply.Body.GetProperty("pagination").GetProperty("total_items").GetInt64());
    }

    [Fact]
    public async Task History_lists_an_assets_quotes_newest_first_between_bounds()
    {
        var all = await GetAsync("/data/alpha/a-01/history");
        var bounded = await GetAsync("/data/alpha/a-01/history?to=2024-01-01T00:30:00Z");
        var paged = await GetAsync("/data/alpha/a-01/history?per_page=1&page=2");

        Assert.Equal(HttpStatusCode.OK, all.Status);
        AssertStamped(all);
        Assert.Equal(["source", "external_id", "data", "pagination", "request_id", "timestamp"], Names(all.Body));
        var points = all.Body.GetProperty("data");
        Assert.Equal([1.75m, 1.5m], points.EnumerateArray().Select(p => p.GetProperty("current_price").GetDecimal()));
        Assert.Equal(["observed_at", "current_price", "market_cap", "volume_24h", "price_change_24h", "run_id"], Names(points[0]));
        Assert.Equal(Fixture.Alpha1.RunId, points[0].GetProperty("run_id").GetGuid());
        Assert.Equal(1.5m, Assert.Single(bounded.Body.GetProperty("data").EnumerateArray()).GetProperty("current_price").GetDecimal());
        Assert.Equal(1.5m, Assert.Single(paged.Body.GetProperty("data").EnumerateArray()).GetProperty("current_price").GetDecimal());
        Assert.Equal(2, paged.Body.GetProperty("pagination").GetProperty("total_pages").GetInt64());
    }

    [Fact]
    public async Task News_lists_items_newest_first_with_their_mentions_and_filters_by_symbol()
    {
        var all = await GetAsync("/news");
        var btc = await GetAsync("/news?symbol=btc");
        var paged = await GetAsync("/news?source=feed&per_page=3&page=2");

        Assert.Equal(HttpStatusCode.OK, all.Status);
        AssertStamped(all);
        var items = all.Body.GetProperty("data");
        Assert.Equal(["a1b2c3d4-0001", "a1b2c3d4-0002", "a1b2c3d4-0003", "https://news.example/policy/2024/01/15/stablecoins/"],
            Strings(items, "item_key"));
        Assert.Equal(["source", "item_key", "title", "link", "published_at", "summary", "authors", "categories", "symbols"], Names(items[0]));
        Assert.Equal(["BTC", "ETH"], items[0].GetProperty("symbols").EnumerateArray().Select(s => s.GetString()!).Order(StringComparer.Ordinal));
        Assert.Equal("a1b2c3d4-0001", Assert.Single(btc.Body.GetProperty("data").EnumerateArray()).GetProperty("item_key").GetString());
        Assert.Equal(1, btc.Body.GetProperty("pagination").GetProperty("total_items").GetInt64());
        Assert.Equal("https://news.example/policy/2024/01/15/stablecoins/",
            Assert.Single(paged.Body.GetProperty("data").EnumerateArray()).GetProperty("item_key").GetString());
    }
}
