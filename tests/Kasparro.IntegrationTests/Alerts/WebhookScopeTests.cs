using System.Net;
using System.Text.Json;

namespace Kasparro.IntegrationTests.Alerts;

/// <summary>Every webhook endpoint needs an admin key: a read or operate key is 403 naming the scope, no key 401, and nothing changes.</summary>
public sealed class WebhookScopeTests(WebhookApiFixture fixture) : IClassFixture<WebhookApiFixture>
{
    public static TheoryData<string, string, string> Endpoints
    {
        get
        {
            var data = new TheoryData<string, string, string>();
            foreach (var key in new[] { WebhookApiFixture.ReaderKey, WebhookApiFixture.OpsKey })
            {
                data.Add("GET", "/alerts/webhooks", key);
                data.Add("GET", "/alerts/webhooks/declared", key);
                data.Add("PUT", "/alerts/webhooks/scoped-new", key);
                data.Add("DELETE", "/alerts/webhooks/declared", key);
                data.Add("POST", "/alerts/webhooks/declared/test", key);
            }

            return data;
        }
    }

    [Theory]
    [MemberData(nameof(Endpoints))]
    public async Task A_key_below_admin_is_403_on_every_webhook_endpoint(string method, string path, string key)
    {
        var body = method == "PUT" ? new { url = "https://hooks.example.com/s", secret = "scoped-secret-0123456789" } : null;

        using var answer = await fixture.SendAsync(new HttpMethod(method), path, key, body);

        Assert.Equal(HttpStatusCode.Forbidden, answer.StatusCode);
        Assert.Equal("application/problem+json", answer.Content.Headers.ContentType?.MediaType);
        var detail = JsonDocument.Parse(await answer.Content.ReadAsStringAsync()).RootElement.GetProperty("detail").GetString();
        Assert.Contains("scope 'admin'", detail, StringComparison.Ordinal);
        using var unchanged = await fixture.SendAsync(HttpMethod.Get, "/alerts/webhooks/scoped-new", WebhookApiFixture.AdminKey);
        Assert.Equal(HttpStatusCode.NotFound, unchanged.StatusCode);
    }

    [Fact]
    public async Task Without_a_key_a_webhook_endpoint_is_401_and_alerts_are_read_like_the_other_lists()
    {
        using var none = await fixture.SendAsync(HttpMethod.Get, "/alerts/webhooks", key: null);
        Assert.Equal(HttpStatusCode.Unauthorized, none.StatusCode);

        using var bad = await fixture.SendAsync(HttpMethod.Get, "/alerts?kind=nope", key: null);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode); // a read: open here (reads need no key), so it reaches validation
    }

    [Fact]
    public async Task The_openapi_document_says_every_webhook_operation_needs_admin_and_alerts_are_open_reads()
    {
        using var document = JsonDocument.Parse(await fixture.Http.GetStringAsync(new Uri("/openapi/v1.json", UriKind.Relative)));
        var paths = document.RootElement.GetProperty("paths");

        foreach (var (path, method) in new[]
        {
            ("/alerts/webhooks", "get"), ("/alerts/webhooks/{id}", "get"), ("/alerts/webhooks/{id}", "put"),
            ("/alerts/webhooks/{id}", "delete"), ("/alerts/webhooks/{id}/test", "post"),
        })
        {
            var operation = paths.GetProperty(path).GetProperty(method);
            Assert.Equal("admin", operation.GetProperty("x-required-scope").GetString());
            Assert.Contains("403", operation.GetProperty("responses").EnumerateObject().Select(r => r.Name));
        }

        foreach (var path in new[] { "/alerts", "/alerts/{id}" })
        {
            Assert.False(paths.GetProperty(path).GetProperty("get").TryGetProperty("x-required-scope", out _), $"GET {path} is an open read here");
        }

        var example = paths.GetProperty("/alerts/webhooks/{id}").GetProperty("get").GetProperty("responses").GetProperty("200")
            .GetProperty("content").GetProperty("application/json").GetProperty("example");
        Assert.True(example.GetProperty("secret_set").GetBoolean());
        Assert.False(example.TryGetProperty("secret", out _));
    }
}
