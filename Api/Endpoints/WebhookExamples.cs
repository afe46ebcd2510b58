using System.Text.Json.Nodes;
using Kasparro.Api.Contracts;

namespace Kasparro.Api.Endpoints;

/// <summary>The examples the OpenAPI document shows for the webhook endpoints (never a real secret).</summary>
internal static class WebhookExamples
{
    private static readonly DateTime Updated = new(2026, 12, 1, 9, 30, 0, DateTimeKind.Utc);

    public static JsonObject Body => JsonNode.Parse("""
        {"url": "https://alerts.example.com/kasparro", "kinds": ["run.failed", "source.failing", "source.recovered", "drift.detected"],
         "sources": [], "format": "standard", "secret": "whsec_MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=", "enabled": true}
        """)!.AsObject();

    public static WebhookView View => new(
        "ops-alerts", "https://alerts.example.com/kasparro", ["run.failed", "source.failing", "source.recovered", "drift.detected"], [],
        "standard", true, true, "api", 1, Updated, "ops-admin");

    public static WebhookListResponse List => new([
        View,
        new WebhookView("team-slack", "https://hooks.slack.com/services/T000/B000/XXXX", [], ["coingecko"], "slack", true, true, "configuration", 2,
            Updated.AddDays(-1), "configuration"),
    ]);

    public static WebhookTestView Tested => new("ops-alerts", "msg_2b1d0e9f8a613f2b6c1e8d4a4e519a7c", false, 503, "The receiver answered 503 Service Unavailable.", 84.2);
}
