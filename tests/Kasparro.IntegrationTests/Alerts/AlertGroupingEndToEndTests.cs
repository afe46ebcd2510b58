using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Kasparro.IntegrationTests.Infrastructure;

namespace Kasparro.IntegrationTests.Alerts;

/// <summary>
/// Noise control outside in: 100 failed runs of one source in a row reach the receiver as a few
/// grouped run.failed messages whose counts add up to 100 (10 s window), one source.failing, and —
/// once a run succeeds — one source.recovered that says what it resolves.
/// </summary>
public sealed class AlertGroupingEndToEndTests(GroupedAlertFixture fixture) : IClassFixture<GroupedAlertFixture>
{
    private const int Failures = 100;

    [Fact]
    public async Task A_burst_of_100_failures_of_one_source_is_grouped_and_its_recovery_resolves_it()
    {
        const string source = "burst";
        var receiver = fixture.Receiver;
        await fixture.ExpectAsync(HttpStatusCode.Created, HttpMethod.Put, "/alerts/webhooks/burst",
            new { url = receiver.UrlFor("/hooks/burst"), sources = new[] { source }, kinds = new[] { "run.failed", "source.failing", "source.recovered" }, secret = AlertGatewayFixture.Secret });
        await fixture.ExpectAsync(HttpStatusCode.Created, HttpMethod.Put, $"/sources/{source}",
            new { kind = "csv", url = fixture.Csv("burst.csv", 3), interval = "01:00:00" });
        await fixture.ExpectAsync(HttpStatusCode.OK, HttpMethod.Put, $"/sources/{source}/failure-injection", new { enabled = true, probability = 1.0 });

        var clock = Stopwatch.StartNew();
        for (var i = 0; i < Failures; i++)
        {
            Assert.Equal("failed", (await fixture.RunAsync(source)).GetProperty("status").GetString());
        }

        var burst = clock.Elapsed;
        var failed = await Eventually.Until(
            () => Task.FromResult(Messages(receiver, "run.failed")),
            m => m.Sum(b => b.GetProperty("count").GetInt32()) >= Failures,
            TimeSpan.FromSeconds(60), $"run.failed messages counting {Failures}");
        Assert.Equal(Failures, failed.Sum(b => b.GetProperty("count").GetInt32()));
        // The first goes out at once, then at most one per 10 s window of the burst, plus the last window's.
        var most = 2 + (int)(burst.TotalSeconds / 10);
        Assert.True(failed.Count <= most, $"{failed.Count} run.failed messages for a burst of {burst.TotalSeconds:0.0} s (at most {most})");
        Assert.Equal(1, failed[0].GetProperty("count").GetInt32());
        var failing = Assert.Single(Messages(receiver, "source.failing"));
        Assert.Equal(1, failing.GetProperty("count").GetInt32());

        await fixture.ExpectAsync(HttpStatusCode.OK, HttpMethod.Put, $"/sources/{source}/failure-injection", new { enabled = false });
        Assert.Equal("success", (await fixture.RunAsync(source)).GetProperty("status").GetString());
        var recovered = await Eventually.Until(
            () => Task.FromResult(Messages(receiver, "source.recovered")),
            m => m.Count > 0, TimeSpan.FromSeconds(30), "the recovery message");
        var data = Assert.Single(recovered).GetProperty("data");
        Assert.Contains("run.failed", data.GetProperty("resolves").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(Failures, data.GetProperty("failed_runs").GetInt32());
    }

    /// <summary>The distinct messages (by webhook-id) of one type, in arrival order.</summary>
    private static List<JsonElement> Messages(WebhookReceiver receiver, string type) =>
        [.. receiver.Received.Where(r => r.Path == "/hooks/burst").GroupBy(r => r.WebhookId).Select(g => JsonDocument.Parse(g.First().Body).RootElement)
            .Where(b => b.GetProperty("type").GetString() == type)];
}
