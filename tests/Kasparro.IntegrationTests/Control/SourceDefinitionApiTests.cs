using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Kasparro.IntegrationTests.Infrastructure;

namespace Kasparro.IntegrationTests.Control;

/// <summary>PUT, GET and DELETE /sources/{id}: versions and If-Match, validation, configuration's sources, the audit trail.</summary>
public sealed class SourceDefinitionApiTests(ControlPlaneFixture fixture) : IClassFixture<ControlPlaneFixture>
{
    [Fact]
    public async Task A_source_created_through_the_api_runs_and_its_changes_are_recorded_with_the_key_id()
    {
        var csv = fixture.Csv("created.csv", 7);
        var created = await PutAsync("created", new { kind = "csv", url = csv, interval = "01:00:00", batch_size = 3 });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal("\"1\"", created.Headers.ETag?.Tag);
        Assert.Equal("/sources/created", created.Headers.Location?.OriginalString);
        var body = await Json(created);
        Assert.Equal(("api", 1L, "admin"), (body.GetProperty("managed_by").GetString(), body.GetProperty("version").GetInt64(), body.GetProperty("updated_by").GetString()));
        Assert.Equal("3", body.GetProperty("definition").GetProperty("batch_size").GetString());

        var again = await PutAsync("created", new { kind = "csv", url = csv, interval = "01:00:00", batch_size = 3 });
        Assert.Equal((HttpStatusCode.OK, "\"1\""), (again.StatusCode, again.Headers.ETag?.Tag)); // the same definition changes nothing

        var run = await SendAsync(HttpMethod.Post, "/sources/created/runs", ControlPlaneFixture.OpsKey);
        Assert.Equal(HttpStatusCode.Accepted, run.StatusCode);
        await Eventually.Until(() => CountAsync("/data?source=created&per_page=1"), n => n == 7, TimeSpan.FromSeconds(30), "the new source's 7 rows");

        var replaced = await PutAsync("created", new { kind = "csv", url = csv, interval = "00:30:00", batch_size = 3 }, ifMatch: "\"1\"");
        Assert.Equal((HttpStatusCode.OK, "\"2\""), (replaced.StatusCode, replaced.Headers.ETag?.Tag));
        var status = (await Json(replaced)).GetProperty("status");
        Assert.Equal("00:30:00", status.GetProperty("interval").GetString());

        var events = await Eventually.Until(
            async () => await Json(await fixture.Http.GetAsync(new Uri("/sources/created/events", UriKind.Relative))),
            e => e.GetProperty("data").GetArrayLength() >= 2, TimeSpan.FromSeconds(15), "the created and replaced events");
        var items = events.GetProperty("data");
        Assert.Equal(["replaced", "created"], items.EnumerateArray().Take(2).Select(e => e.GetProperty("kind").GetString()));
        Assert.All(items.EnumerateArray().Take(2), e => Assert.Equal("admin", e.GetProperty("by").GetString()));
        var change = items[0].GetProperty("changes").GetProperty("Interval");
        Assert.Equal(("01:00:00", "00:30:00"), (change.GetProperty("before").GetString(), change.GetProperty("after").GetString()));
    }

    [Fact]
    public async Task A_stale_if_match_is_412_and_of_concurrent_writers_with_the_same_version_exactly_one_wins()
    {
        var csv = fixture.Csv("contended.csv", 2);
        Assert.Equal(HttpStatusCode.Created, (await PutAsync("contended", new { kind = "csv", url = csv })).StatusCode);

        var writers = Enumerable.Range(0, 6).Select(i => PutAsync("contended", new { kind = "csv", url = csv, batch_size = 10 + i }, ifMatch: "\"1\""));
        var answers = await Task.WhenAll(writers);

        Assert.Equal(1, answers.Count(a => a.StatusCode == HttpStatusCode.OK));
        Assert.Equal(5, answers.Count(a => a.StatusCode == HttpStatusCode.PreconditionFailed));
        Assert.All(answers.Where(a => a.StatusCode == HttpStatusCode.PreconditionFailed),
            a => Assert.Equal("application/problem+json", a.Content.Headers.ContentType?.MediaType));
        var current = await fixture.Http.GetAsync(new Uri("/sources/contended", UriKind.Relative));
        Assert.Equal("\"2\"", current.Headers.ETag?.Tag);
        var stale = await PutAsync("contended", new { kind = "csv", url = csv }, ifMatch: "\"1\"");
        Assert.Equal(HttpStatusCode.PreconditionFailed, stale.StatusCode);
        Assert.Contains("version 2", (await Json(stale)).GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.PreconditionFailed, (await PutAsync("never-made", new { kind = "csv", url = csv }, ifMatch: "\"1\"")).StatusCode);
    }

    [Fact]
    public async Task A_source_configuration_declares_refuses_api_changes_naming_the_key_to_edit()
    {
        var get = await fixture.Http.GetAsync(new Uri("/sources/declared", UriKind.Relative));
        Assert.Equal("configuration", (await Json(get)).GetProperty("managed_by").GetString());

        foreach (var answer in new[]
        {
            await PutAsync("declared", new { kind = "csv", url = "x.csv" }),
            await SendAsync(HttpMethod.Delete, "/sources/declared", ControlPlaneFixture.AdminKey),
        })
        {
            Assert.Equal(HttpStatusCode.Conflict, answer.StatusCode);
            Assert.Contains("Kasparro:Sources:declared", (await Json(answer)).GetProperty("detail").GetString(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_bad_definition_is_400_listing_every_bad_field_and_changes_nothing()
    {
        var answer = await PutAsync("bad-one", new { kind = "spreadsheet", interval = 300, batch_size = "many", urll = "x.csv", resilience = new { max_attempts = 99 } });

        Assert.Equal(HttpStatusCode.BadRequest, answer.StatusCode);
        var errors = (await Json(answer)).GetProperty("errors");
        Assert.Equal(["interval"], errors.EnumerateObject().Select(p => p.Name)); // the gateway's own check comes first
        answer = await PutAsync("bad-one", new { kind = "spreadsheet", interval = "soon", batch_size = "many", urll = "x.csv", resilience = new { max_attempts = 99 } });
        var fields = (await Json(answer)).GetProperty("errors").EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(["batch_size", "interval", "kind", "resilience.max_attempts", "urll"], fields.Where(f => f != "url"));
        Assert.Equal(HttpStatusCode.NotFound, (await fixture.Http.GetAsync(new Uri("/sources/bad-one", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await PutAsync("Bad Id", new { kind = "csv", url = "x.csv" })).StatusCode);
    }

    [Fact]
    public async Task Writes_need_an_admin_key_and_delete_hides_the_source_but_keeps_its_data()
    {
        var csv = fixture.Csv("doomed.csv", 4);
        Assert.Equal(HttpStatusCode.Forbidden, (await PutAsync("doomed", new { kind = "csv", url = csv }, key: ControlPlaneFixture.OpsKey)).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await PutAsync("doomed", new { kind = "csv", url = csv })).StatusCode);
        await SendAsync(HttpMethod.Post, "/sources/doomed/runs", ControlPlaneFixture.OpsKey);
        await Eventually.Until(() => CountAsync("/data?source=doomed&per_page=1"), n => n == 4, TimeSpan.FromSeconds(30), "doomed's rows");

        Assert.Equal(HttpStatusCode.Forbidden, (await SendAsync(HttpMethod.Delete, "/sources/doomed", ControlPlaneFixture.OpsKey)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await SendAsync(HttpMethod.Delete, "/sources/doomed", ControlPlaneFixture.AdminKey)).StatusCode);

        Assert.Equal(HttpStatusCode.NotFound, (await fixture.Http.GetAsync(new Uri("/sources/doomed", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(HttpMethod.Post, "/sources/doomed/runs", ControlPlaneFixture.OpsKey)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(HttpMethod.Delete, "/sources/doomed", ControlPlaneFixture.AdminKey)).StatusCode);
        var listed = await Json(await fixture.Http.GetAsync(new Uri("/sources", UriKind.Relative)));
        Assert.DoesNotContain("doomed", listed.GetProperty("sources").EnumerateArray().Select(s => s.GetProperty("id").GetString()));
    }

    private async Task<long> CountAsync(string path)
    {
        var reply = await fixture.Http.GetAsync(new Uri(path, UriKind.Relative));
        return reply.IsSuccessStatusCode ? (await Json(reply)).GetProperty("pagination").GetProperty("total_items").GetInt64() : -1;
    }

    private Task<HttpResponseMessage> PutAsync(string id, object body, string? ifMatch = null, string key = ControlPlaneFixture.AdminKey)
    {
        var request = new HttpRequestMessage(HttpMethod.Put, new Uri($"/sources/{Uri.EscapeDataString(id)}", UriKind.Relative)) { Content = JsonContent.Create(body) };
        request.Headers.Add(ControlPlaneFixture.Header, key);
        if (ifMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }

        return fixture.Http.SendAsync(request);
    }

    private Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string key)
    {
        var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative));
        request.Headers.Add(ControlPlaneFixture.Header, key);
        return fixture.Http.SendAsync(request);
    }

    private static async Task<JsonElement> Json(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
}
