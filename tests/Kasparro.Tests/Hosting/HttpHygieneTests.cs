using Kasparro.Hosting;

namespace Kasparro.Tests.Hosting;

public sealed class HttpHygieneTests
{
    [Theory]
    [InlineData("GET", "GET, HEAD")]
    [InlineData("GET, POST", "GET, POST, HEAD")]
    [InlineData("GET, HEAD", "GET, HEAD")]
    [InlineData("POST", "POST")]
    [InlineData("PUT, POST", "PUT, POST")]
    public void A_405_offers_HEAD_wherever_it_offers_GET(string allow, string expected) =>
        Assert.Equal(expected, HttpHygiene.WithHead(allow));
}
