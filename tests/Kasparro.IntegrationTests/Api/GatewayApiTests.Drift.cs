using System.Net;
using System.Text.Json;

namespace Kasparro.IntegrationTests.Api;

public abstract partial class GatewayApiTests
{
    [Fact]
    public async Task Drift_lists_the_reports_of_each_analyzed_batch_newest_first()
    {
        var reply = await GetAsync("/drift?per_page=100");

        Assert.Equal(HttpStatusCode.OK, reply.Status);
        AssertStamped(reply);
        var items = reply.Body.GetProperty("data").EnumerateArray().ToList();
        Assert.Equal(items.Count, reply.Body.GetProperty("pagination").GetProperty("total_items").GetInt64());
        var times = items.Select(i => i.GetProperty("detected_at").GetDateTime()).ToList();
        Assert.Equal(times.OrderDescending(), times);

        // alpha's first run read one batch; its second found nothing new, and nothing unread is analyzed.
        var alpha = items.Where(i => i.GetProperty("source").GetString() == "alpha").ToList();
        var report = Assert.Single(alpha);
        Assert.Equal(Fixture.Alpha1.RunId, report.GetProperty("run_id").GetGuid());
        Assert.False(report.GetProperty("drift_detected").GetBoolean());
        Assert.Equal(1.0, report.GetProperty("confidence").GetDouble());
        Assert.Equal(10, report.GetProperty("sample_size").GetInt32());
        foreach (var field in new[] { "report_id", "schema_name", "breaking", "missing_fields", "extra_fields", "fuzzy_matches", "type_changes", "null_rate_changes", "warnings", "breaking_fields" })
        {
            Assert.True(report.TryGetProperty(field, out _), $"{field} missing from {report}");
        }

        // The failing source's batch was analyzed before its write failed.
        Assert.Contains(items, i => i.GetProperty("source").GetString() == "flaky" && i.GetProperty("run_id").GetGuid() == Fixture.Flaky1.RunId);
    }

    [Fact]
    public async Task Drift_filters_by_source_and_by_whether_drift_was_found_and_pages()
    {
        var beta = await GetAsync("/drift?source=beta");
        Assert.All(Items(beta), i => Assert.Equal("beta", i.GetProperty("source").GetString()));
        Assert.Equal(Fixture.Beta1.RunId, Assert.Single(Items(beta)).GetProperty("run_id").GetGuid());

        foreach (var detected in new[] { true, false })
        {
            var filtered = await GetAsync($"/drift?drift_detected={(detected ? "true" : "false")}&per_page=100");
            Assert.All(Items(filtered), i => Assert.Equal(detected, i.GetProperty("drift_detected").GetBoolean()));
        }

        var all = (await GetAsync("/drift?per_page=100")).Body.GetProperty("pagination").GetProperty("total_items").GetInt64();
        var first = await GetAsync("/drift?per_page=1&page=1");
        Assert.Single(Items(first));
        Assert.Equal(all, first.Body.GetProperty("pagination").GetProperty("total_pages").GetInt64());
        Assert.Empty(Items(await GetAsync($"/drift?per_page=1&page={all + 1}")));
    }

    [Theory]
    [InlineData("/drift?drift_detected=yes", "drift_detected")]
    [InlineData("/drift?source=nope", "source")]
    [InlineData("/drift?per_page=0", "per_page")]
    [InlineData("/drift?page=0", "page")]
    [InlineData("/drift?page=2147483647&per_page=100", "page")]
    public async Task Drift_rejects_bad_parameters_naming_them(string url, string parameter) =>
        AssertProblem(await GetAsync(url), HttpStatusCode.BadRequest, parameter);

    private static List<JsonElement> Items(Reply reply)
    {
        Assert.Equal(HttpStatusCode.OK, reply.Status);
        return [.. reply.Body.GetProperty("data").EnumerateArray()];
    }
}
