using System.Text;
using System.Text.Json;
using Kasparro.Grains.Alerts;
using Kasparro.Grains.Interfaces.Alerts;

namespace Kasparro.Tests.Alerts;

/// <summary>What a delivery sends: the same bytes every time, the standard fields, Slack's one line.</summary>
public sealed class WebhookBodyTests
{
    private static readonly DateTime First = new(2026, 12, 1, 10, 0, 0, DateTimeKind.Utc);

    private static AlertEvent Event(int n, string summary, string data) => new(
        $"run.failed:{n}", AlertKinds.RunFailed, "coingecko", First.AddMinutes(n), AlertKinds.Critical, summary, Guid.Parse($"00000000-0000-0000-0000-00000000000{n}"), data);

    internal static ClaimedDelivery Delivery(int count = 2) => new(
        "dlv_1", "ops", AlertKinds.RunFailed, "coingecko", count, 1, First,
        [Event(1, "Run 1 failed: timeout", """{"run_id":"1","error":"timeout"}"""), Event(2, "Run 2 failed: <b>&", """{"run_id":"2","n":[1,2]}""")]);

    [Fact]
    public void The_body_is_the_same_bytes_every_time()
    {
        Assert.Equal(WebhookBody.Build(Delivery(), WebhookFormats.Standard), WebhookBody.Build(Delivery(), WebhookFormats.Standard));
        Assert.Equal(WebhookBody.Build(Delivery(), WebhookFormats.Slack), WebhookBody.Build(Delivery(), WebhookFormats.Slack));
    }

    [Fact]
    public void The_standard_body_carries_the_delivery_and_its_events()
    {
        using var json = JsonDocument.Parse(WebhookBody.Build(Delivery(5), WebhookFormats.Standard));
        var root = json.RootElement;

        Assert.Equal("dlv_1", root.GetProperty("id").GetString());
        Assert.Equal("run.failed", root.GetProperty("type").GetString());
        Assert.Equal("2026-12-01T10:01:00.0000000Z", root.GetProperty("timestamp").GetString());
        Assert.Equal("coingecko", root.GetProperty("source").GetString());
        Assert.Equal("critical", root.GetProperty("severity").GetString());
        Assert.Equal("Run 2 failed: <b>&", root.GetProperty("summary").GetString());
        Assert.Equal(5, root.GetProperty("count").GetInt32());
        Assert.Equal("2026-12-01T10:01:00.0000000Z", root.GetProperty("first_occurred_at").GetString());
        Assert.Equal("2026-12-01T10:02:00.0000000Z", root.GetProperty("last_occurred_at").GetString());
        Assert.Equal(["run.failed:1", "run.failed:2"], root.GetProperty("event_ids").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(2, root.GetProperty("data").GetProperty("n").GetArrayLength());
        var events = root.GetProperty("events").EnumerateArray().ToList();
        Assert.Equal(2, events.Count);
        Assert.Equal("timeout", events[0].GetProperty("data").GetProperty("error").GetString());
        Assert.Equal("00000000-0000-0000-0000-000000000001", events[0].GetProperty("run_id").GetString());
        Assert.Equal("Run 1 failed: timeout", events[0].GetProperty("summary").GetString());
    }

    [Fact]
    public void Data_that_is_not_a_json_object_is_sent_as_an_empty_object()
    {
        var delivery = Delivery(1) with { Events = [Event(1, "x", "not json")] };

        using var json = JsonDocument.Parse(WebhookBody.Build(delivery, WebhookFormats.Standard));

        Assert.Equal(JsonValueKind.Object, json.RootElement.GetProperty("data").ValueKind);
    }

    [Fact]
    public void The_slack_text_names_kind_source_summary_and_the_count()
    {
        using var json = JsonDocument.Parse(WebhookBody.Build(Delivery(3), WebhookFormats.Slack));
        var text = json.RootElement.GetProperty("text").GetString()!;

        Assert.Single(json.RootElement.EnumerateObject());
        Assert.Contains("run.failed", text, StringComparison.Ordinal);
        Assert.Contains("coingecko", text, StringComparison.Ordinal);
        Assert.Contains("Run 2 failed: &lt;b&gt;&amp;", text, StringComparison.Ordinal);
        Assert.Contains("(×3 in the grouping window)", text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_single_event_has_no_count_in_the_slack_text()
    {
        Assert.DoesNotContain("×", WebhookBody.SlackText(Delivery(1)), StringComparison.Ordinal);
    }

    [Fact]
    public void The_sample_is_a_test_event_for_the_subscription()
    {
        var sample = WebhookBody.Sample("ops", First);
        var body = Encoding.UTF8.GetString(WebhookBody.Build(sample, WebhookFormats.Standard));

        Assert.Equal(AlertKinds.Test, sample.Kind);
        Assert.StartsWith("test_", sample.DeliveryId, StringComparison.Ordinal);
        Assert.Contains("\"subscription_id\":\"ops\"", body, StringComparison.Ordinal);
        Assert.NotEqual(sample.DeliveryId, WebhookBody.Sample("ops", First).DeliveryId);
    }
}
