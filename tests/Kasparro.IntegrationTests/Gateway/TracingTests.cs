using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Kasparro.Grains.Telemetry;
using Kasparro.IntegrationTests.Infrastructure;
using Orleans.Diagnostics;

namespace Kasparro.IntegrationTests.Gateway;

/// <summary>With an OTLP endpoint configured, a run started through the gateway is one trace: request, grain call, run, batches.</summary>
public sealed class TracingTests
{
    private const string Source = "traced";
    private const string Key = "trace-key";

    [Fact]
    public async Task A_run_started_through_the_gateway_is_one_trace_from_the_request_to_its_batches()
    {
        var directory = Directory.CreateTempSubdirectory("kasparro-trace").FullName;
        var csv = new StringBuilder("id,symbol,name,price,market_cap,volume_24h,price_change_24h,timestamp\n");
        for (var i = 0; i < 25; i++)
        {
            csv.Append(CultureInfo.InvariantCulture, $"t-{i},t{i},Traced {i},{i + 1},1,1,0,2024-01-01T00:00:00Z\n");
        }

        await File.WriteAllTextAsync(Path.Combine(directory, "traced.csv"), csv.ToString());
        var spans = new ConcurrentQueue<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name is KasparroTracing.SourceName or "Microsoft.AspNetCore" or ActivitySources.ApplicationGrainActivitySourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = spans.Enqueue,
        };
        ActivitySource.AddActivityListener(listener);
        try
        {
            await using var gateway = GatewayFactory.Standalone(null, extra: new Dictionary<string, string?>
            {
                ["Kasparro:Api:ApiKey"] = Key,
                ["Kasparro:Runs:FirstRunAtStart"] = "false",
                // Nobody listens there: the exporter's failures are its own business, the spans are what this test reads.
                [KasparroTracing.EndpointKey] = "http://127.0.0.1:9",
                [$"Kasparro:Sources:{Source}:Kind"] = "Csv",
                [$"Kasparro:Sources:{Source}:Url"] = Path.Combine(directory, "traced.csv"),
                [$"Kasparro:Sources:{Source}:Interval"] = "01:00:00",
                [$"Kasparro:Sources:{Source}:BatchSize"] = "10",
            });
            using var http = gateway.CreateClient();
            using var request = new HttpRequestMessage(HttpMethod.Post, new Uri($"/sources/{Source}/runs", UriKind.Relative));
            request.Headers.Add("X-API-Key", Key);
            using var response = await http.SendAsync(request);
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
            using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            var runId = body.RootElement.GetProperty("run_id").GetString();

            // The run goes on after the request is answered, and either may end first: wait for both.
            var trace = await Eventually.Until(
                () => Task.FromResult(Trace(spans, runId)), t => t.Request is not null && t.Batches == 3, TimeSpan.FromSeconds(60),
                "the request's span and the run's span with its three batches");
            Assert.NotNull(trace.GrainCall);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    /// <summary>The spans that share the trace of the run's span (stopped ones only): the request, a grain call, and the run's batches.</summary>
    private static (Activity? Request, Activity? GrainCall, int Batches) Trace(IEnumerable<Activity> stopped, string? runId)
    {
        var spans = stopped.ToList();
        var run = spans.FirstOrDefault(s => s.OperationName == "kasparro.run" && Equals(s.GetTagItem("kasparro.run_id"), runId));
        if (run is null)
        {
            return (null, null, 0);
        }

        var trace = spans.Where(s => s.TraceId == run.TraceId).ToList();
        return (
            trace.FirstOrDefault(s => s.Source.Name == "Microsoft.AspNetCore" && s.Kind == ActivityKind.Server),
            trace.FirstOrDefault(s => s.Source.Name == ActivitySources.ApplicationGrainActivitySourceName),
            trace.Count(s => s.OperationName == "kasparro.batch" && s.ParentSpanId == run.SpanId));
    }
}
