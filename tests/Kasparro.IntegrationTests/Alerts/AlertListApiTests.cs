using System.Net;
using System.Text.Json;
using Kasparro.Grains.Alerts;
using Kasparro.Grains.Interfaces.Alerts;
using Microsoft.Extensions.DependencyInjection;

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

    [Fact]
    public async Task Alerts_are_listed_with_their_deliveries_filtered_and_shown_one_by_one_with_attempts()
    {
        var store = fixture.Gateway.Services.GetRequiredService<IAlertStore>();
        var runId = Guid.NewGuid();
        var now = DateTime.UtcNow;
        var failed = new AlertEvent($"run.failed:{runId}", AlertKinds.RunFailed, "listed-src", now, AlertKinds.Critical, "listed-src: run failed.", runId,
            """{"error":"HTTP 503","consecutive_failures":1}""");
        var drift = new AlertEvent($"drift.detected:{Guid.NewGuid()}", AlertKinds.DriftDetected, "listed-src", now, AlertKinds.Warning, "drift", null, "{}");
        await store.RaiseAsync([failed, drift], CancellationToken.None);
        var subscription = new WebhookSubscription("listed-hook", "https://hooks.example.com/l", [AlertKinds.RunFailed], [], "standard", "listed-secret-0123456789",
            true, "api", 1, now, "admin");
        await store.PlanAsync([subscription], TimeSpan.Zero, now, CancellationToken.None);
        var claimed = Assert.Single(await store.ClaimDueAsync(10, now.AddSeconds(1), TimeSpan.FromSeconds(30), "test", CancellationToken.None));
        await store.RecordAttemptAsync(claimed.DeliveryId, "test", new DeliveryAttempt(1, now.AddSeconds(1), 503, "The receiver answered 503.", 12.5),
            DeliveryOutcome.RetryAt(now.AddMinutes(1)), CancellationToken.None);

        var list = await Json(await fixture.SendAsync(HttpMethod.Get, "/alerts?source=listed-src", key: null));
        Assert.Equal(2, list.GetProperty("pagination").GetProperty("total_items").GetInt64());
        Assert.True(list.GetProperty("deliveries").GetProperty("pending").GetInt64() >= 1);
        var listed = list.GetProperty("data").EnumerateArray().Single(a => a.GetProperty("id").GetString() == failed.Id);
        Assert.Equal(("run.failed", "critical", "HTTP 503"), (listed.GetProperty("kind").GetString(), listed.GetProperty("severity").GetString(),
            listed.GetProperty("data").GetProperty("error").GetString()));
        var delivery = Assert.Single(listed.GetProperty("deliveries").EnumerateArray());
        Assert.Equal(("listed-hook", "pending", 1, 503), (delivery.GetProperty("webhook").GetString(), delivery.GetProperty("state").GetString(),
            delivery.GetProperty("attempts").GetInt32(), delivery.GetProperty("last_status_code").GetInt32()));
        Assert.False(delivery.TryGetProperty("attempt_log", out _));

        var byKind = await Json(await fixture.SendAsync(HttpMethod.Get, "/alerts?source=listed-src&kind=drift.detected", key: null));
        Assert.Equal([drift.Id], byKind.GetProperty("data").EnumerateArray().Select(a => a.GetProperty("id").GetString()));
        var byState = await Json(await fixture.SendAsync(HttpMethod.Get, "/alerts?source=listed-src&state=pending", key: null));
        Assert.Equal([failed.Id], byState.GetProperty("data").EnumerateArray().Select(a => a.GetProperty("id").GetString()));

        var one = await Json(await fixture.SendAsync(HttpMethod.Get, $"/alerts/{failed.Id}", key: null));
        Assert.Equal(runId, one.GetProperty("run_id").GetGuid());
        var attempt = Assert.Single(Assert.Single(one.GetProperty("deliveries").EnumerateArray()).GetProperty("attempt_log").EnumerateArray());
        Assert.Equal((1, 503, 12.5), (attempt.GetProperty("number").GetInt32(), attempt.GetProperty("status_code").GetInt32(), attempt.GetProperty("duration_ms").GetDouble()));
        Assert.DoesNotContain("listed-secret", JsonSerializer.Serialize(one), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_alert_is_404()
    {
        using var answer = await fixture.SendAsync(HttpMethod.Get, "/alerts/run.failed:00000000-0000-0000-0000-000000000000", key: null);

        Assert.Equal(HttpStatusCode.NotFound, answer.StatusCode);
        Assert.Equal("application/problem+json", answer.Content.Headers.ContentType?.MediaType);
    }

    private static async Task<JsonElement> Json(HttpResponseMessage answer)
    {
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        return JsonDocument.Parse(await answer.Content.ReadAsStringAsync()).RootElement;
    }
}
