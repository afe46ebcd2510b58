using System.Net;
using System.Text;
using Kasparro.Api.Http;
using Kasparro.Grains.Interfaces.Queries;

namespace Kasparro.IntegrationTests.Api;

/// <content>/data by cursor: a walk gives the list page by page, and a cursor that is not one is a 400.</content>
public abstract partial class GatewayApiTests
{
    /// <summary>Cursors that are not next_cursors: not base64url, not the JSON, another version, a bad cap, text PostgreSQL cannot hold.</summary>
    public static TheoryData<string> BadCursors() =>
    [
        "",
        "!!!",
        "a",
        new string('A', 5000),
        Base64("not json"),
        Base64("[1]"),
        Base64("{}"),
        Base64("""{"v":2,"cap":"1","src":"beta","id":"x"}"""),
        Base64("""{"v":1,"cap":"abc","src":"beta","id":"x"}"""),
        Base64("""{"v":1,"cap":"1e5","src":"beta","id":"x"}"""),
        Base64("""{"v":1,"cap":1000,"src":"beta","id":"x"}"""),
        Base64("""{"v":1,"cap":"79228162514264337593543950336","src":"beta","id":"x"}"""),
        Base64("""{"v":1,"cap":null,"src":"beta"}"""),
        Base64("""{"v":1,"cap":null,"src":"beta","id":"x","extra":1}"""),
        Base64("""{"v":1,"cap":null,"src":"beta","id":"x","id":"y"}"""),
        Base64("""{"v":1,"cap":null,"src":"beta","id":"a\u0000b"}"""),
        Base64("""{"v":1,"cap":null,"src":"\ud800","id":"x"}"""),
        Base64("""{"v":1,"cap":null,"src":"","id":"x"}"""),
        "eyJ2IjoxLCJjYXAiOm51bGwsInNyYyI6ImJldGEiLCJpZCI6Ingi" + "%FF",
    ];

    [Theory]
    [MemberData(nameof(BadCursors), MemberType = typeof(GatewayApiTests))]
    public async Task A_cursor_that_is_not_a_next_cursor_is_a_400_naming_cursor(string cursor) =>
        AssertProblem(await GetAsync("/data?cursor=" + (cursor.Contains('%', StringComparison.Ordinal) ? cursor : Uri.EscapeDataString(cursor))),
            HttpStatusCode.BadRequest, "cursor");

    [Fact]
    public async Task Page_and_cursor_together_are_a_400_naming_cursor()
    {
        var cursor = AssetCursor.Encode(new AssetKey(900000m, "beta", "bitcoin"));

        AssertProblem(await GetAsync($"/data?page=1&cursor={cursor}"), HttpStatusCode.BadRequest, "cursor");
    }

    [Theory]
    [InlineData("/data?per_page=7", 6)]
    [InlineData("/data?per_page=1", 37)] // the 36th page is full: its next_cursor leads to an empty page
    [InlineData("/data?per_page=100", 1)]
    [InlineData("/data?source=beta&per_page=4", 2)]
    [InlineData("/data?source=alpha&per_page=5", 7)]
    [InlineData("/data?min_price=1&per_page=3", 0)]
    [InlineData("/data?symbol=btc&per_page=1", 3)]
    public async Task Walking_data_by_cursor_gives_the_list_in_order_once(string first, int requests)
    {
        var whole = await GetAsync(first.Split("per_page")[0] + "per_page=100");
        var expected = Strings(whole.Body.GetProperty("data"), "external_id");
        var walked = new List<string>();
        var url = first;
        var asked = 0;
        while (url is not null && asked++ < 50)
        {
            var reply = await GetAsync(url);
            Assert.Equal(HttpStatusCode.OK, reply.Status);
            var pagination = reply.Body.GetProperty("pagination");
            Assert.Equal(expected.Length, pagination.GetProperty("total_items").GetInt64());
            Assert.Equal(url == first, pagination.TryGetProperty("page", out _)); // a page by cursor has no number
            var data = Strings(reply.Body.GetProperty("data"), "external_id");
            walked.AddRange(data);
            var perPage = pagination.GetProperty("per_page").GetInt32();
            // A full page says where the next starts; a short one ends the list.
            Assert.Equal(data.Length == perPage, pagination.TryGetProperty("next_cursor", out var next));
            url = data.Length == perPage ? $"{first}&cursor={next.GetString()}" : null;
        }

        Assert.Equal(expected, walked);
        if (requests > 0)
        {
            Assert.Equal(requests, asked);
        }
    }

    [Fact]
    public async Task A_cursor_key_is_only_ever_a_parameter()
    {
        var whole = Strings((await GetAsync("/data?per_page=100")).Body.GetProperty("data"), "external_id");
        var cursor = AssetCursor.Encode(new AssetKey(43000m, "beta' OR '1'='1", "x'); DROP TABLE assets; --"));

        var reply = await GetAsync($"/data?per_page=100&cursor={cursor}");

        Assert.Equal(HttpStatusCode.OK, reply.Status);
        var after = Strings(reply.Body.GetProperty("data"), "external_id");
        Assert.Equal(whole[^after.Length..], after); // the rows after that key, a tail of the list
        Assert.Equal(36, (await GetAsync("/data")).Body.GetProperty("pagination").GetProperty("total_items").GetInt64());
    }

    private static string Base64(string json) => System.Buffers.Text.Base64Url.EncodeToString(Encoding.UTF8.GetBytes(json));
}
