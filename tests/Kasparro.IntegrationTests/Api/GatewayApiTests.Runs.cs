using System.Net;
using System.Text.Json;

namespace Kasparro.IntegrationTests.Api;

/// <content>/runs, /runs/{run_id}, /compare-runs and /stats.</content>
public abstract partial class GatewayApiTests
{
    private static readonly string[] RunFields =
    [
        "run_id", "source", "status", "trigger", "records_processed", "records_written", "records_rejected", "rejections",
        "duration_seconds", "started_at", "completed_at", "error", "error_type", "anomalies",
    ];

    [Fact]
    public async Task Runs_lists_a_sources_runs_newest_first_with_their_fields()
    {
        var reply = await GetAsync("/runs?source=alpha");

        Assert.Equal(HttpStatusCode.OK, reply.Status);
        AssertStamped(reply);
        Assert.Equal(["runs", "pagination", "total_count", "request_id", "timestamp"], Names(reply.Body));
        AssertPagination(reply.Body, page: 1, perPage: 10, totalItems: 2, totalPages: 1);
        var runs = reply.Body.GetProperty("runs");
        Assert.Equal([Fixture.Alpha2.RunId, Fixture.Alpha1.RunId], runs.EnumerateArray().Select(r => r.GetProperty("run_id").GetGuid()));
        var first = runs[1];
        Assert.Equal(RunFields, Names(first));
        Assert.Equal(("alpha", "success", "manual"), (first.GetProperty("source").GetString(), first.GetProperty("status").GetString(), first.GetProperty("trigger").GetString()));
        Assert.Equal((32L, 31L, 1L), (first.GetProperty("records_processed").GetInt64(), first.GetProperty("records_written").GetInt64(), first.GetProperty("records_rejected").GetInt64()));
        Assert.Equal(1, first.GetProperty("rejections").GetProperty("invalid_number").GetInt64());
        Assert.Equal((Fixture.Alpha1.CompletedAt!.Value - Fixture.Alpha1.StartedAt).TotalSeconds, first.GetProperty("duration_seconds").GetDouble(), tolerance: 0.001); // served rounded to the millisecond
        Assert.Equal(JsonValueKind.Null, first.GetProperty("error").ValueKind);
    }

    [Theory]
    [InlineData("/runs?status=failed", "flaky", 1)]
    [InlineData("/runs?source=flaky&status=success", "", 0)]
    [InlineData("/runs?source=beta&status=success", "beta", 1)]
    [InlineData("/runs?source=alpha&limit=1&page=2", "alpha", 2)]
    [InlineData("/runs?source=alpha&limit=1&page=3", "", 2)]
    [InlineData("/runs?source=alpha&per_page=1&page=2", "alpha", 2)]
    public async Task Runs_filter_by_source_and_status_and_page_with_limit(string url, string sources, long total)
    {
        var reply = await GetAsync(url);

        Assert.Equal(HttpStatusCode.OK, reply.Status);
        Assert.Equal(sources, string.Join(',', Strings(reply.Body.GetProperty("runs"), "source")));
        Assert.Equal(total, reply.Body.GetProperty("total_count").GetInt64());
    }

    [Theory]
    [InlineData("per_page=1&page=1", 1, 1, 0)]
    [InlineData("per_page=1&page=2", 2, 1, 1)]
    [InlineData("limit=1&page=2", 2, 1, 1)]
    [InlineData("per_page=1&limit=1&page=2", 2, 1, 1)]
    [InlineData("page=1", 1, 10, -1)]
    [InlineData("per_page=2", 1, 2, -1)]
    public async Task Runs_page_with_page_and_per_page_or_its_alias_limit(string paging, int page, int perPage, int only)
    {
        var reply = await GetAsync("/runs?source=alpha&" + paging);

        Assert.Equal(HttpStatusCode.OK, reply.Status);
        AssertPagination(reply.Body, page, perPage, totalItems: 2, totalPages: perPage == 1 ? 2 : 1);
        Assert.Equal(2L, reply.Body.GetProperty("total_count").GetInt64());
        Guid[] all = [Fixture.Alpha2.RunId, Fixture.Alpha1.RunId];
        Assert.Equal(only < 0 ? all : [all[only]], reply.Body.GetProperty("runs").EnumerateArray().Select(r => r.GetProperty("run_id").GetGuid()));
    }

    [Theory]
    [InlineData("page=3&per_page=1", 3, 1, 2)]
    [InlineData("page=2", 2, 10, 1)]
    [InlineData("page=2147483647&per_page=100", 2147483647, 100, 1)]
    public async Task A_runs_page_past_the_end_is_empty_and_keeps_the_totals(string paging, int page, int perPage, long totalPages)
    {
        var reply = await GetAsync("/runs?source=alpha&" + paging);

        Assert.Equal(HttpStatusCode.OK, reply.Status);
        Assert.Equal(0, reply.Body.GetProperty("runs").GetArrayLength());
        AssertPagination(reply.Body, page, perPage, totalItems: 2, totalPages);
        Assert.Equal(2L, reply.Body.GetProperty("total_count").GetInt64());
    }

    [Fact]
    public async Task Limit_and_per_page_that_disagree_are_a_400_naming_limit()
    {
        var reply = await GetAsync("/runs?per_page=1&limit=2");

        AssertProblem(reply, HttpStatusCode.BadRequest, "limit");
        Assert.Contains("per_page 1 and limit 2", reply.Body.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    private static void AssertPagination(JsonElement body, int page, int perPage, long totalItems, long totalPages)
    {
        var p = body.GetProperty("pagination");
        Assert.Equal(["page", "per_page", "total_items", "total_pages"], Names(p));
        Assert.Equal((page, perPage, totalItems, totalPages),
            (p.GetProperty("page").GetInt32(), p.GetProperty("per_page").GetInt32(), p.GetProperty("total_items").GetInt64(), p.GetProperty("total_pages").GetInt64()));
    }

    [Fact]
    public async Task A_failed_run_carries_its_error()
    {
        var failed = Assert.Single((await GetAsync("/runs?status=failed")).Body.GetProperty("runs").EnumerateArray());

        Assert.Equal(Fixture.Flaky1.RunId, failed.GetProperty("run_id").GetGuid());
        Assert.Equal("database_error", failed.GetProperty("error_type").GetString());
        Assert.False(string.IsNullOrEmpty(failed.GetProperty("error").GetString()));
    }

    [Fact]
    public async Task One_run_has_its_fields_at_the_top_level()
    {
        var reply = await GetAsync($"/runs/{Fixture.Beta1.RunId}");

        Assert.Equal(HttpStatusCode.OK, reply.Status);
        Assert.Equal([.. RunFields, "request_id", "timestamp"], Names(reply.Body));
        AssertStamped(reply);
        Assert.Equal(Fixture.Beta1.RunId, reply.Body.GetProperty("run_id").GetGuid());
        Assert.Equal((6L, "success"), (reply.Body.GetProperty("records_processed").GetInt64(), reply.Body.GetProperty("status").GetString()));
    }

    [Fact]
    public async Task Compare_runs_measures_run_2_against_run_1()
    {
        var reply = await GetAsync($"/compare-runs?run1_id={Fixture.Alpha1.RunId}&run2_id={Fixture.Alpha2.RunId}");

        Assert.Equal(HttpStatusCode.OK, reply.Status);
        AssertStamped(reply);
        Assert.Equal(["comparison", "run1", "run2", "request_id", "timestamp"], Names(reply.Body));
        var c = reply.Body.GetProperty("comparison");
        Assert.Equal(
            ["run1_id", "run2_id", "source", "records_diff", "records_change_percent", "duration_diff_seconds", "duration_change_percent", "status_changed", "anomalies"],
            Names(c));
        Assert.Equal((Fixture.Alpha1.RunId, Fixture.Alpha2.RunId, "alpha"), (c.GetProperty("run1_id").GetGuid(), c.GetProperty("run2_id").GetGuid(), c.GetProperty("source").GetString()));
        Assert.Equal((-32L, -100.0, false), (c.GetProperty("records_diff").GetInt64(), c.GetProperty("records_change_percent").GetDouble(), c.GetProperty("status_changed").GetBoolean()));
        Assert.Contains("zero_records", Strings(c.GetProperty("anomalies"), "rule"));
        Assert.Equal((32L, 0L), (reply.Body.GetProperty("run1").GetProperty("records_processed").GetInt64(), reply.Body.GetProperty("run2").GetProperty("records_processed").GetInt64()));
    }

    [Fact]
    public async Task Stats_counts_coins_and_summarizes_every_source()
    {
        var reply = await GetAsync("/stats?limit=2");

        Assert.Equal(HttpStatusCode.OK, reply.Status);
        AssertStamped(reply);
        Assert.Equal(["total_coins", "coins_by_source", "total_news_items", "summary", "recent_runs", "request_id", "timestamp"], Names(reply.Body));
        Assert.Equal((36L, 4L), (reply.Body.GetProperty("total_coins").GetInt64(), reply.Body.GetProperty("total_news_items").GetInt64()));
        var bySource = reply.Body.GetProperty("coins_by_source");
        Assert.Equal((30L, 6L), (bySource.GetProperty("alpha").GetInt64(), bySource.GetProperty("beta").GetInt64()));
        var alpha = reply.Body.GetProperty("summary").GetProperty("alpha");
        Assert.Equal(
            ["total_runs", "successful_runs", "failed_runs", "cancelled_runs", "running_runs", "total_records_processed", "total_records_rejected",
             "last_successful_run", "last_failed_run", "average_duration_seconds"],
            Names(alpha));
        Assert.Equal((2L, 2L, 0L, 32L, 1L), (alpha.GetProperty("total_runs").GetInt64(), alpha.GetProperty("successful_runs").GetInt64(),
            alpha.GetProperty("failed_runs").GetInt64(), alpha.GetProperty("total_records_processed").GetInt64(), alpha.GetProperty("total_records_rejected").GetInt64()));
        Assert.Equal(Fixture.Alpha2.CompletedAt!.Value, alpha.GetProperty("last_successful_run").GetDateTime().ToUniversalTime(), TimeSpan.FromMilliseconds(1));
        var expectedAverage = ((Fixture.Alpha1.CompletedAt!.Value - Fixture.Alpha1.StartedAt).TotalSeconds + (Fixture.Alpha2.CompletedAt!.Value - Fixture.Alpha2.StartedAt).TotalSeconds) / 2;
        // The run log keeps whole milliseconds: within 2 ms of the exact mean.
        Assert.Equal(expectedAverage, alpha.GetProperty("average_duration_seconds").GetDouble(), 0.002);
        var flaky = reply.Body.GetProperty("summary").GetProperty("flaky");
        Assert.Equal((1L, 1L, 0L), (flaky.GetProperty("total_runs").GetInt64(), flaky.GetProperty("failed_runs").GetInt64(), flaky.GetProperty("cancelled_runs").GetInt64()));
        Assert.Equal(Fixture.Flaky1.CompletedAt!.Value, flaky.GetProperty("last_failed_run").GetDateTime().ToUniversalTime(), TimeSpan.FromMilliseconds(1));
        var off = reply.Body.GetProperty("summary").GetProperty("off");
        Assert.Equal((0L, JsonValueKind.Null), (off.GetProperty("total_runs").GetInt64(), off.GetProperty("average_duration_seconds").ValueKind));
        Assert.Equal(2, reply.Body.GetProperty("recent_runs").GetArrayLength());
    }

    [Fact]
    public async Task Stats_of_one_source_hold_only_that_source()
    {
        var reply = await GetAsync("/stats?source=beta&limit=5");

        Assert.Equal(["beta"], Names(reply.Body.GetProperty("summary")));
        Assert.Equal(6, reply.Body.GetProperty("total_coins").GetInt64());
        Assert.Equal([Fixture.Beta1.RunId], reply.Body.GetProperty("recent_runs").EnumerateArray().Select(r => r.GetProperty("run_id").GetGuid()));
    }
}
