using System.Net;
using Kasparro.Grains.Interfaces.Control;
using Kasparro.Grains.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Kasparro.IntegrationTests.Api;

/// <content>
/// <c>GET /sources/{source}/events</c>: the audit trail, paged like every list. Events are put in the
/// silo's store directly (the registry that records them is another change) for sources no
/// configuration names, so what the registry itself records for the configured ones never shows here.
/// </content>
public abstract partial class GatewayApiTests
{
    private static readonly DateTime EventsT0 = new(2026, 11, 30, 9, 0, 0, DateTimeKind.Utc);

    [Fact]
    public async Task Source_events_page_newest_first_in_the_list_envelope_even_for_a_source_since_deleted()
    {
        var source = $"retired-{Guid.NewGuid():N}"[..16];
        var events = Enumerable.Range(0, 5).Select(i => new SourceEvent(
            Guid.NewGuid(), source, EventsT0.AddMinutes(i), i == 0 ? SourceEventKinds.Created : SourceEventKinds.Replaced, "ops-admin", i + 1,
            new Dictionary<string, SettingChange> { ["Interval"] = new(i == 0 ? null : $"00:0{i}:00", $"00:0{i + 1}:00"), ["Columns:symbol"] = new("sym", null) },
            $"change {i}")).ToList();
        events.Add(events[4] with { EventId = Guid.NewGuid(), At = EventsT0.AddHours(1), Kind = SourceEventKinds.Deleted, Version = null, Changes = new Dictionary<string, SettingChange>(), Detail = "Deleted." });
        await Fixture.Gateway.Services.GetRequiredService<ISourceEventStore>().AppendAsync(events, CancellationToken.None);

        var first = await GetAsync($"/sources/{source}/events?per_page=4");
        var second = await GetAsync($"/sources/{source}/events?per_page=4&page=2");
        var past = await GetAsync($"/sources/{source}/events?per_page=4&page=3");
        var replaced = await GetAsync($"/sources/{source}/events?kind=replaced&per_page=100");

        Assert.Equal(HttpStatusCode.OK, first.Status);
        AssertStamped(first);
        Assert.Equal(["data", "pagination", "request_id", "timestamp"], Names(first.Body));
        var page = first.Body.GetProperty("data");
        Assert.Equal([events[5], events[4], events[3], events[2]], page.EnumerateArray().Select(e => events.Single(x => x.EventId == e.GetProperty("event_id").GetGuid())));
        var newest = page[0];
        Assert.Equal(["event_id", "source", "at", "kind", "by", "version", "changes", "detail"], Names(newest));
        Assert.Equal((source, "deleted", "ops-admin", "Deleted."), (newest.GetProperty("source").GetString(), newest.GetProperty("kind").GetString(),
            newest.GetProperty("by").GetString(), newest.GetProperty("detail").GetString()));
        Assert.Equal(System.Text.Json.JsonValueKind.Null, newest.GetProperty("version").ValueKind);
        Assert.Equal(EventsT0.AddHours(1), newest.GetProperty("at").GetDateTime().ToUniversalTime());
        var changes = page[1].GetProperty("changes");
        Assert.Equal(["Columns:symbol", "Interval"], Names(changes));
        Assert.Equal(("00:04:00", "00:05:00"), (changes.GetProperty("Interval").GetProperty("before").GetString(), changes.GetProperty("Interval").GetProperty("after").GetString()));
        Assert.Equal(System.Text.Json.JsonValueKind.Null, changes.GetProperty("Columns:symbol").GetProperty("after").ValueKind);
        Assert.Equal(5, page[1].GetProperty("version").GetInt64());
        AssertPagination(first, 1, 4, 6, 2);

        Assert.Equal([events[1].EventId, events[0].EventId], second.Body.GetProperty("data").EnumerateArray().Select(e => e.GetProperty("event_id").GetGuid()));
        AssertPagination(second, 2, 4, 6, 2);
        Assert.Equal(0, past.Body.GetProperty("data").GetArrayLength());
        AssertPagination(past, 3, 4, 6, 2);
        Assert.Equal(["replaced", "replaced", "replaced", "replaced"], Strings(replaced.Body.GetProperty("data"), "kind"));
        AssertPagination(replaced, 1, 100, 4, 1);
    }

    [Fact]
    public async Task A_configured_source_without_such_events_lists_none_and_an_unknown_one_is_404()
    {
        var none = await GetAsync("/sources/off/events?kind=purged");
        var unknown = await GetAsync("/sources/never-configured/events");
        var unknownOfKind = await GetAsync("/sources/never-configured/events?kind=paused");

        Assert.Equal(HttpStatusCode.OK, none.Status);
        Assert.Equal(0, none.Body.GetProperty("data").GetArrayLength());
        AssertPagination(none, 1, 50, 0, 0);
        AssertProblem(unknown, HttpStatusCode.NotFound);
        Assert.Contains("never-configured", unknown.Body.GetProperty("detail").GetString(), StringComparison.Ordinal);
        AssertProblem(unknownOfKind, HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("page=0", "page")]
    [InlineData("page=abc", "page")]
    [InlineData("page=2147483648", "page")]
    [InlineData("per_page=0", "per_page")]
    [InlineData("per_page=101", "per_page")]
    [InlineData("per_page=-1", "per_page")]
    [InlineData("kind=exploded", "kind")]
    [InlineData("kind=PAUSED", "kind")]
    public async Task Source_events_refuse_bad_paging_and_kinds_with_a_problem_naming_the_parameter(string query, string parameter)
    {
        // An unknown source too: the parameters are checked before anyone asks whether the source exists.
        foreach (var source in new[] { "alpha", "never-configured" })
        {
            AssertProblem(await GetAsync($"/sources/{source}/events?{query}"), HttpStatusCode.BadRequest, parameter);
        }
    }

    [Fact]
    public async Task The_openapi_document_describes_the_audit_trail_with_an_example()
    {
        var reply = await GetAsync("/openapi/v1.json");

        var get = reply.Body.GetProperty("paths").GetProperty("/sources/{source}/events").GetProperty("get");
        Assert.Equal(["Sources"], get.GetProperty("tags").EnumerateArray().Select(t => t.GetString()));
        Assert.Equal(["source", "kind", "page", "per_page"], Strings(get.GetProperty("parameters"), "name"));
        Assert.True(get.GetProperty("responses").TryGetProperty("404", out _));
        var example = get.GetProperty("responses").GetProperty("200").GetProperty("content").GetProperty("application/json").GetProperty("example");
        Assert.Equal(["event_id", "source", "at", "kind", "by", "version", "changes", "detail"], Names(example.GetProperty("data")[0]));
        Assert.Equal(["page", "per_page", "total_items", "total_pages"], Names(example.GetProperty("pagination")));
    }

    private static void AssertPagination(Reply reply, int page, int perPage, long totalItems, long totalPages)
    {
        var p = reply.Body.GetProperty("pagination");
        Assert.Equal((page, perPage, totalItems, totalPages), (p.GetProperty("page").GetInt32(), p.GetProperty("per_page").GetInt32(),
            p.GetProperty("total_items").GetInt64(), p.GetProperty("total_pages").GetInt64()));
    }
}
