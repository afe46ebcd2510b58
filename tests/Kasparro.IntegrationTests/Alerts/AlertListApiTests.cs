using System.Net;
using System.Text.Json;

namespace Kasparro.IntegrationTests.Alerts;

/// <summary><c>GET /alerts</c>' filters and <c>GET /alerts/{id}</c>; <c>/alerts/webhooks</c> is never taken for an alert id.</summary>
public sealed class AlertListApiTests(WebhookApiFixture fixture) : IClassFixture<WebhookApiFixture>
{
    [Theory]
    [InlineData("/alerts?kind=run.exploded", "kind")]
    [InlineData("/alerts?kind=alert.test", "kind")]
    [InlineData("/alerts?state=lost", "state")]
    [InlineData("/alerts?per_page=1000", "per_page")]
    public async Task An_unknown_kind_or_state_is_400_naming_it(string path, string field)
    {
        using var answer = await fixture.SendAsync(HttpMethod.Get, path, key: null);

        Assert.Equal(HttpStatusCode.BadRequest, answer.StatusCode);
        Assert.Equal("application/problem+json", answer.Content.Headers.ContentType?.MediaType);
        var errors = JsonDocument.Parse(await answer.Content.ReadAsStringAsync()).RootElement.GetProperty("errors");
        Assert.Equal([field], errors.EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public async Task Both_bad_filters_are_named_at_once()
    {
        using var answer = await fixture.SendAsync(HttpMethod.Get, "/alerts?kind=x&state=y", key: null);

        var errors = JsonDocument.Parse(await answer.Content.ReadAsStringAsync()).RootElement.GetProperty("errors");
        Assert.Equal(["kind", "state"], errors.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task The_webhooks_route_is_not_an_alert_id()
    {
        using var answer = await fixture.SendAsync(HttpMethod.Get, "/alerts/webhooks", WebhookApiFixture.AdminKey);

        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.True(JsonDocument.Parse(await answer.Content.ReadAsStringAsync()).RootElement.TryGetProperty("webhooks", out _));
    }
}
