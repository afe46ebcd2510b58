using System.Text.Json.Nodes;
using Kasparro.Api.Contracts;

namespace Kasparro.Api.Endpoints;

/// <summary>The examples the OpenAPI document shows for the source endpoints.</summary>
internal static class SourceExamples
{
    private const string Definition_ = """
        {"kind": "csv", "url": "data/exchange_b.csv", "interval": "00:15:00", "enabled": true, "batch_size": 5000,
         "columns": {"symbol": "ticker", "price_usd": "last"}, "drift_policy": "warn", "resilience": {"max_attempts": 3}}
        """;

    public static JsonObject Body => Parse(Definition_);

    public static SourceDefinitionView Definition => new(
        "exchange-b", "api", 1, new DateTime(2026, 12, 1, 9, 30, 0, DateTimeKind.Utc), "ops-admin",
        Parse("""
            {"batch_size": "5000", "columns": {"price_usd": "last", "symbol": "ticker"}, "drift_policy": "warn", "enabled": "true",
             "interval": "00:15:00", "kind": "csv", "resilience": {"max_attempts": "3"}, "url": "data/exchange_b.csv"}
            """),
        null);

    private static JsonObject Parse(string json) => JsonNode.Parse(json)!.AsObject();
}
