using System.Text.Json.Nodes;
using Kasparro.Api.Contracts;

namespace Kasparro.Api.Endpoints;

/// <summary>The examples the OpenAPI document shows for <c>/alerts</c>.</summary>
internal static class AlertExamples
{
    private static readonly DateTime At = new(2026, 12, 1, 9, 30, 0, DateTimeKind.Utc);
    private static readonly Guid Run = Guid.Parse("3f2b6c1e-8d4a-4e51-9a7c-2b1d0e9f8a61");

    private static AlertView Alert(IReadOnlyList<DeliveryAttemptView>? attempts) => new(
        $"run.failed:{Run}", "run.failed", "coingecko", At, At.AddMilliseconds(40), "critical",
        "coingecko: run failed after 3 attempts (HTTP 503 from the source).", Run,
        JsonNode.Parse("""{"run_id": "3f2b6c1e-8d4a-4e51-9a7c-2b1d0e9f8a61", "error": "HTTP 503", "consecutive_failures": 1}"""),
        [new AlertDeliveryView("msg_0c9e4d7a52b14f0e8e3a7d6c5b4a3f21", "ops-alerts", "delivered", 1, 2, 200, null, At.AddSeconds(1), At.AddSeconds(6),
            At.AddSeconds(7), attempts)]);

    public static AlertsResponse List => new([Alert(null)], new Pagination(1, 50, 1, 1), new AlertCountsView(0, 1, 0, 0));

    public static AlertView Detail => Alert([
        new DeliveryAttemptView(1, At.AddSeconds(1), 503, "The receiver answered 503 Service Unavailable.", 120.4),
        new DeliveryAttemptView(2, At.AddSeconds(7), 200, null, 35.9),
    ]);
}
