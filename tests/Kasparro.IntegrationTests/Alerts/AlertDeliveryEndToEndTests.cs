using System.Net;
using System.Text.Json;
using Kasparro.IntegrationTests.Infrastructure;

namespace Kasparro.IntegrationTests.Alerts;

/// <summary>
/// Alerts outside in, through the gateway on PostgreSQL: facts made through the API (a source
/// created, paused, resumed, its failure injection set, a failed run and the recovery after it) reach
/// a receiver that refuses the first two requests; after dedup by <c>webhook-id</c> each alert arrives
/// exactly once, every request's signature verifies, a retry sends the same bytes, and the gateway
/// shows each delivery's attempts with their status codes.
/// </summary>
public sealed class AlertDeliveryEndToEndTests(UngroupedAlertFixture fixture) : IClassFixture<UngroupedAlertFixture>
{
    [Fact]
    public async Task Every_alert_arrives_once_after_dedup_signed_despite_refusals_and_its_attempts_are_shown()
    {
        const string source = "e2e-src";
        var receiver = fixture.Receiver;
        // The receiver is the fixture's: the first two requests to this test's path are refused.
        // The refused ids are noted as they are refused: requests sent at once are numbered on arrival
        // and answered in another order, so the first two by number need not be the refused ones.
        var seen = 0;
        var refusedIds = new System.Collections.Concurrent.ConcurrentQueue<string>();
        receiver.Answer = r =>
        {
            if (r.Path != "/hooks/e2e" || Interlocked.Increment(ref seen) > 2)
            {
                return WebhookAnswer.Ok;
            }

            refusedIds.Enqueue(r.WebhookId!);
            return WebhookAnswer.With(500, "not yet");
        };
        await fixture.ExpectAsync(HttpStatusCode.Created, HttpMethod.Put, "/alerts/webhooks/e2e",
            new { url = receiver.UrlFor("/hooks/e2e"), sources = new[] { source }, secret = AlertGatewayFixture.Secret });

        await fixture.ExpectAsync(HttpStatusCode.Created, HttpMethod.Put, $"/sources/{source}",
            new { kind = "csv", url = fixture.Csv("e2e.csv", 5), interval = "01:00:00" });
        await fixture.ExpectAsync(HttpStatusCode.OK, HttpMethod.Post, $"/sources/{source}/pause");
        await fixture.ExpectAsync(HttpStatusCode.OK, HttpMethod.Post, $"/sources/{source}/resume");
        await fixture.ExpectAsync(HttpStatusCode.OK, HttpMethod.Put, $"/sources/{source}/failure-injection", new { enabled = true, probability = 1.0 });
        Assert.Equal("failed", (await fixture.RunAsync(source)).GetProperty("status").GetString());
        await fixture.ExpectAsync(HttpStatusCode.OK, HttpMethod.Put, $"/sources/{source}/failure-injection", new { enabled = false });
        Assert.Equal("success", (await fixture.RunAsync(source)).GetProperty("status").GetString());

        string[] kinds = ["source.changed", "source.paused", "source.resumed", "source.changed", "run.failed", "source.changed", "source.recovered"];
        var alerts = await Eventually.Until(
            async () => (await fixture.ExpectAsync(HttpStatusCode.OK, HttpMethod.Get, $"/alerts?source={source}&per_page=100")).GetProperty("data").EnumerateArray().ToList(),
            // Each alert planned (one delivery: an alert listed before the relay planned it has none yet) and delivered.
            list => list.Count == kinds.Length && list.All(a => a.GetProperty("deliveries").EnumerateArray().Select(d => d.GetProperty("state").GetString()).SequenceEqual(["delivered"])),
            TimeSpan.FromSeconds(60), $"{kinds.Length} alerts of {source}, each delivered");
        Assert.Equal(kinds.Order(), alerts.Select(a => a.GetProperty("kind").GetString()!).Order());

        var deliveries = alerts.Select(a => Assert.Single(a.GetProperty("deliveries").EnumerateArray())).ToList();
        var received = receiver.Received.Where(r => r.Path == "/hooks/e2e").ToList();
        Assert.All(received, r => Assert.True(r.SignatureVerifies(AlertGatewayFixture.Secret), $"signature of {r}"));
        var byId = received.GroupBy(r => r.WebhookId!).ToDictionary(g => g.Key, g => g.ToList());
        Assert.Equal(deliveries.Select(d => d.GetProperty("delivery_id").GetString()!).Order(), byId.Keys.Order());
        foreach (var (id, requests) in byId)
        {
            // A retry is the same message: the same bytes under the same id.
            Assert.All(requests, r => Assert.Equal(requests[0].Body, r.Body));
        }

        // After dedup by webhook-id, each alert's id is in exactly one message.
        var carried = byId.Values.Select(r => JsonDocument.Parse(r[0].Body).RootElement)
            .SelectMany(b => b.GetProperty("event_ids").EnumerateArray().Select(e => e.GetString()!)).ToList();
        Assert.Equal(alerts.Select(a => a.GetProperty("id").GetString()!).Order(), carried.Order());

        // The two refused requests were retried; the detail shows 500 then 200.
        var refused = refusedIds.Distinct().ToList();
        Assert.NotEmpty(refused);
        var refusedAlert = alerts.First(a => a.GetProperty("deliveries")[0].GetProperty("delivery_id").GetString() == refused[0]);
        var detail = await fixture.ExpectAsync(HttpStatusCode.OK, HttpMethod.Get, $"/alerts/{Uri.EscapeDataString(refusedAlert.GetProperty("id").GetString()!)}");
        var codes = detail.GetProperty("deliveries")[0].GetProperty("attempt_log").EnumerateArray().Select(a => a.GetProperty("status_code").GetInt32()).ToList();
        Assert.Equal(500, codes[0]);
        Assert.Equal(200, codes[^1]);
    }

    [Fact]
    public async Task A_slack_subscription_gets_a_text_body_and_the_test_endpoint_reports_the_answer()
    {
        var receiver = fixture.Receiver;
        await fixture.ExpectAsync(HttpStatusCode.Created, HttpMethod.Put, "/alerts/webhooks/slack",
            new { url = receiver.UrlFor("/hooks/slack"), kinds = new[] { "source.paused" }, sources = new[] { "slack-src" }, format = "slack", secret = AlertGatewayFixture.Secret });
        await fixture.ExpectAsync(HttpStatusCode.Created, HttpMethod.Put, "/sources/slack-src",
            new { kind = "csv", url = fixture.Csv("slack.csv", 3), interval = "01:00:00" });
        await fixture.ExpectAsync(HttpStatusCode.OK, HttpMethod.Post, "/sources/slack-src/pause");

        var slack = await Eventually.Until(
            () => Task.FromResult(receiver.Received.FirstOrDefault(r => r.Path == "/hooks/slack" && r.Text.Contains("source.paused", StringComparison.Ordinal))),
            r => r is not null, TimeSpan.FromSeconds(30), "the slack message");
        using var body = JsonDocument.Parse(slack!.Body);
        Assert.Equal(["text"], body.RootElement.EnumerateObject().Select(p => p.Name));
        Assert.Contains("slack-src", body.RootElement.GetProperty("text").GetString(), StringComparison.Ordinal);

        var test = await fixture.ExpectAsync(HttpStatusCode.OK, HttpMethod.Post, "/alerts/webhooks/slack/test");
        Assert.True(test.GetProperty("delivered").GetBoolean(), test.ToString());
        Assert.Equal(200, test.GetProperty("status_code").GetInt32());
        var sample = await Eventually.Until(
            () => Task.FromResult(receiver.Received.FirstOrDefault(r => r.WebhookId == test.GetProperty("webhook_id").GetString())),
            r => r is not null, TimeSpan.FromSeconds(10), "the test message");
        Assert.True(sample!.SignatureVerifies(AlertGatewayFixture.Secret));
    }
}
