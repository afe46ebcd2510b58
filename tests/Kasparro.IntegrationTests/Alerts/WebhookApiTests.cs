using System.Net;
using System.Text.Json;

namespace Kasparro.IntegrationTests.Alerts;

/// <summary>
/// PUT, GET, DELETE /alerts/webhooks/{id}: versions and If-Match, validation of every field at once,
/// configuration's webhooks refused, and no secret in any answer or log line.
/// </summary>
public sealed class WebhookApiTests(WebhookApiFixture fixture) : IClassFixture<WebhookApiFixture>
{
    private const string Secret = "api-secret-8e41d2c7a95f3b06";
    private const string Admin = WebhookApiFixture.AdminKey;

    private static object Body(string url = "https://hooks.example.com/a", string? secret = Secret, string[]? kinds = null, bool enabled = true) =>
        new { url, kinds = kinds ?? ["run.failed", "drift.detected"], sources = new[] { "coingecko" }, format = "standard", secret, enabled };

    [Fact]
    public async Task A_webhook_is_created_read_replaced_and_deleted_with_versions_and_never_shows_its_secret()
    {
        var created = await fixture.SendAsync(HttpMethod.Put, "/alerts/webhooks/crud", Admin, Body());
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(("\"1\"", "/alerts/webhooks/crud"), (created.Headers.ETag?.Tag, created.Headers.Location?.OriginalString));
        var view = await Json(created);
        Assert.Equal(("api", 1L, "admin", true), (view.GetProperty("managed_by").GetString(), view.GetProperty("version").GetInt64(),
            view.GetProperty("updated_by").GetString(), view.GetProperty("secret_set").GetBoolean()));
        Assert.Equal(["run.failed", "drift.detected"], view.GetProperty("kinds").EnumerateArray().Select(k => k.GetString()));
        Assert.False(view.TryGetProperty("secret", out _));

        var same = await fixture.SendAsync(HttpMethod.Put, "/alerts/webhooks/crud", Admin, Body());
        Assert.Equal((HttpStatusCode.OK, "\"1\""), (same.StatusCode, same.Headers.ETag?.Tag)); // the same definition changes nothing

        // A replace without a secret keeps the stored one.
        var replaced = await fixture.SendAsync(HttpMethod.Put, "/alerts/webhooks/crud", Admin, Body(secret: null, enabled: false), ifMatch: "\"1\"");
        Assert.Equal((HttpStatusCode.OK, "\"2\""), (replaced.StatusCode, replaced.Headers.ETag?.Tag));
        var got = await fixture.SendAsync(HttpMethod.Get, "/alerts/webhooks/crud", Admin);
        var gotView = await Json(got);
        Assert.Equal(("\"2\"", false, true), (got.Headers.ETag?.Tag, gotView.GetProperty("enabled").GetBoolean(), gotView.GetProperty("secret_set").GetBoolean()));

        var stale = await fixture.SendAsync(HttpMethod.Put, "/alerts/webhooks/crud", Admin, Body(), ifMatch: "\"1\"");
        Assert.Equal(HttpStatusCode.PreconditionFailed, stale.StatusCode);
        Assert.Contains("version 2", (await Json(stale)).GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.PreconditionFailed, (await fixture.SendAsync(HttpMethod.Delete, "/alerts/webhooks/crud", Admin, ifMatch: "\"1\"")).StatusCode);
        Assert.Equal(HttpStatusCode.PreconditionFailed, (await fixture.SendAsync(HttpMethod.Put, "/alerts/webhooks/never", Admin, Body(), ifMatch: "*")).StatusCode);

        var list = await Json(await fixture.SendAsync(HttpMethod.Get, "/alerts/webhooks", Admin));
        Assert.Contains("crud", list.GetProperty("webhooks").EnumerateArray().Select(w => w.GetProperty("id").GetString()));

        Assert.Equal(HttpStatusCode.NoContent, (await fixture.SendAsync(HttpMethod.Delete, "/alerts/webhooks/crud", Admin, ifMatch: "\"2\"")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await fixture.SendAsync(HttpMethod.Get, "/alerts/webhooks/crud", Admin)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await fixture.SendAsync(HttpMethod.Delete, "/alerts/webhooks/crud", Admin)).StatusCode);

        // Created again, it continues its versions: an ETag read before the delete never matches it.
        var again = await fixture.SendAsync(HttpMethod.Put, "/alerts/webhooks/crud", Admin, Body());
        Assert.Equal((HttpStatusCode.Created, "\"3\""), (again.StatusCode, again.Headers.ETag?.Tag));
        var replacedNoSecret = await fixture.SendAsync(HttpMethod.Put, "/alerts/webhooks/fresh", Admin, Body(secret: null));
        Assert.Equal(["secret"], (await Json(replacedNoSecret)).GetProperty("errors").EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public async Task A_bad_webhook_is_400_listing_every_bad_field_at_once_and_changes_nothing()
    {
        var shape = await fixture.SendAsync(HttpMethod.Put, "/alerts/webhooks/bad", Admin,
            """{"url": 5, "kinds": "run.failed", "enabled": "yes", "colour": "red", "secret": "whatever-secret-value"}""");
        Assert.Equal(HttpStatusCode.BadRequest, shape.StatusCode);
        Assert.Equal(["colour", "enabled", "kinds", "url"], Fields(await Json(shape)));

        var values = await fixture.SendAsync(HttpMethod.Put, "/alerts/webhooks/bad", Admin,
            new { url = "ftp://hooks.example.com/x", kinds = new[] { "run.exploded", "run.failed", "run.failed" }, sources = new[] { "Not A Source" }, format = "xml", secret = "too-short" });
        Assert.Equal(HttpStatusCode.BadRequest, values.StatusCode);
        var body = await values.Content.ReadAsStringAsync();
        Assert.Equal(["format", "kinds", "secret", "sources", "url"], Fields(JsonDocument.Parse(body).RootElement));
        Assert.DoesNotContain("too-short", body, StringComparison.Ordinal);

        Assert.Equal(["id"], Fields(await Json(await fixture.SendAsync(HttpMethod.Put, "/alerts/webhooks/Bad%20Id", Admin, Body()))));
        Assert.Equal(HttpStatusCode.NotFound, (await fixture.SendAsync(HttpMethod.Get, "/alerts/webhooks/bad", Admin)).StatusCode);
    }

    [Fact]
    public async Task A_webhook_configuration_declares_refuses_api_changes_naming_the_key_and_hides_its_secret()
    {
        var got = await fixture.SendAsync(HttpMethod.Get, "/alerts/webhooks/declared", Admin);
        var view = await Json(got);
        Assert.Equal(("configuration", "configuration", true), (view.GetProperty("managed_by").GetString(), view.GetProperty("updated_by").GetString(),
            view.GetProperty("secret_set").GetBoolean()));

        foreach (var answer in new[]
        {
            await fixture.SendAsync(HttpMethod.Put, "/alerts/webhooks/declared", Admin, Body()),
            await fixture.SendAsync(HttpMethod.Delete, "/alerts/webhooks/declared", Admin),
        })
        {
            Assert.Equal(HttpStatusCode.Conflict, answer.StatusCode);
            Assert.Contains("Kasparro:Alerts:Webhooks:declared", (await Json(answer)).GetProperty("detail").GetString(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task No_secret_appears_in_any_answer_or_log_line()
    {
        var answers = new List<string>();
        foreach (var answer in new[]
        {
            await fixture.SendAsync(HttpMethod.Put, "/alerts/webhooks/quiet", Admin, Body(url: "https://hooks.example.com/quiet")),
            await fixture.SendAsync(HttpMethod.Put, "/alerts/webhooks/quiet", Admin, Body(url: "https://hooks.example.com/quiet2")),
            await fixture.SendAsync(HttpMethod.Get, "/alerts/webhooks/quiet", Admin),
            await fixture.SendAsync(HttpMethod.Get, "/alerts/webhooks", Admin),
            await fixture.SendAsync(HttpMethod.Get, "/alerts/webhooks/declared", Admin),
            await fixture.SendAsync(HttpMethod.Put, "/alerts/webhooks/quiet", Admin, Body(url: "ftp://x")),
            await fixture.SendAsync(HttpMethod.Put, "/alerts/webhooks/declared", Admin, Body()),
        })
        {
            answers.Add(await answer.Content.ReadAsStringAsync());
        }

        Assert.All(answers, a => Assert.DoesNotContain(Secret, a, StringComparison.Ordinal));
        Assert.All(answers, a => Assert.DoesNotContain(WebhookApiFixture.DeclaredSecret, a, StringComparison.Ordinal));
        var logs = fixture.Logs.Entries;
        Assert.Contains(logs, e => e.Message.Contains("Webhook quiet: replaced by admin", StringComparison.Ordinal)); // the capture works
        Assert.DoesNotContain(logs, e => e.ToString().Contains(Secret, StringComparison.Ordinal) || (e.Exception?.ToString().Contains(Secret, StringComparison.Ordinal) ?? false));
        Assert.DoesNotContain(logs, e => e.ToString().Contains(WebhookApiFixture.DeclaredSecret, StringComparison.Ordinal));
    }

    private static string[] Fields(JsonElement problem) =>
        [.. problem.GetProperty("errors").EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal)];

    private static async Task<JsonElement> Json(HttpResponseMessage answer) =>
        JsonDocument.Parse(await answer.Content.ReadAsStringAsync()).RootElement;
}
