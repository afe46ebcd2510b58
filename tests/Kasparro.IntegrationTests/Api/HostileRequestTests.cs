using System.Collections.Concurrent;
using System.Text.Json;
using Kasparro.IntegrationTests.Infrastructure;

namespace Kasparro.IntegrationTests.Api;

/// <summary>
/// The hostile request set (<see cref="HostileRequests"/>) against the real gateway on Kestrel: no
/// answer in the 5xx class; every error is problem+json with its request id, and small; no answer
/// shows a path of the machine or the database's host and port; every answer the application writes
/// carries nosniff and the frame policy, and no Server header.
/// </summary>
[Trait("Storage", "Postgres")]
[Collection(HostileGatewayGroup.Name)]
public sealed class HostileRequestTests(HostileGatewayFixture fixture)
{
    /// <summary>The largest error body allowed: an error names what was wrong, it does not echo the request.</summary>
    public const int ErrorLimit = 4096;

    /// <summary>The largest answer of any kind (the OpenAPI document and /metrics are the big ones).</summary>
    public const int AnswerLimit = 1 << 20;

    /// <summary>
    /// What Kestrel refuses before the application sees the request (a malformed request line or
    /// header, a request line or headers over its limits, request smuggling, a target form the method
    /// does not take, such as <c>GET *</c>): these answers have no body at all, so there is nothing to
    /// sniff or to frame and no problem to write.
    /// </summary>
    private static readonly int[] ServerRejections = [400, 405, 414, 431];

    [Fact]
    public async Task Hostile_requests_get_small_problems_and_never_a_5xx()
    {
        var cases = HostileRequests.All(fixture.AlphaRunId).ToArray();
        var (failures, rejectedByServer) = await SendAllAsync(cases);

        Assert.True(failures.Count == 0, $"{failures.Count} of {cases.Length} hostile requests were answered badly:\n{string.Join("\n", failures)}");
        // The set reaches the application; Kestrel's own refusals are the exception (limits, malformed heads).
        Assert.InRange(rejectedByServer, 1, cases.Length / 5);
    }

    /// <summary>
    /// Long ids, paths and values (in routes, queries and bodies) come back clipped: an error never
    /// grows with the request.
    /// </summary>
    [Fact]
    public async Task Long_input_is_not_echoed_back()
    {
        var cases = HostileRequests.LongEchoes(fixture.AlphaRunId).ToArray();
        var (failures, _) = await SendAllAsync(cases);

        Assert.True(failures.Count == 0, $"{failures.Count} of {cases.Length} long requests were answered badly:\n{string.Join("\n", failures)}");
    }

    private async Task<(List<string> Failures, int RejectedByServer)> SendAllAsync(HostileCase[] cases)
    {
        var failures = new ConcurrentBag<string>();
        var rejectedByServer = 0;
        await Parallel.ForEachAsync(cases, new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (c, _) =>
        {
            RawResponse answer;
            try
            {
                answer = await RawHttp.SendAsync(fixture.Port, c.Request, c.Head);
            }
            catch (Exception ex) when (ex is IOException or InvalidDataException or OperationCanceledException or System.Net.Sockets.SocketException)
            {
                failures.Add($"{c.Name}: no answer ({ex.GetType().Name}: {ex.Message})");
                return;
            }

            var problems = Check(c, answer, fixture.Forbidden).ToList();
            if (answer.Header("X-Request-ID") is null && problems.Count == 0)
            {
                Interlocked.Increment(ref rejectedByServer);
            }

            foreach (var problem in problems)
            {
                failures.Add($"{c.Name}: {problem} — {answer}");
            }
        });

        return ([.. failures.Order(StringComparer.Ordinal)], rejectedByServer);
    }

    private static IEnumerable<string> Check(HostileCase c, RawResponse answer, IReadOnlyList<string> forbidden)
    {
        if (answer.Status >= 500)
        {
            yield return $"answered {answer.Status}";
        }

        if (answer.Truncated || answer.Body.Length > AnswerLimit)
        {
            yield return $"an answer of {answer.WireBytes} bytes";
        }

        var wire = string.Join("\n", answer.Headers.Select(h => $"{h.Key}: {h.Value}")) + "\n" + answer.Text;
        foreach (var secret in forbidden.Where(f => wire.Contains(f, StringComparison.Ordinal)))
        {
            yield return $"shows '{secret}'";
        }

        if (answer.Header("Server") is { } server)
        {
            yield return $"names its server ({server})";
        }

        var requestId = answer.Header("X-Request-ID");
        if (requestId is null)
        {
            // Refused by Kestrel before the application: allowed only as an empty 4xx.
            if (!ServerRejections.Contains(answer.Status) || answer.Body.Length > 0)
            {
                yield return "answered without the application's headers, and not as Kestrel's empty refusal";
            }

            yield break;
        }

        if (answer.Header("X-Content-Type-Options") != "nosniff")
        {
            yield return "no X-Content-Type-Options: nosniff";
        }

        if (answer.Header("X-Frame-Options") != "DENY" || answer.Header("Content-Security-Policy")?.Contains("frame-ancestors 'none'", StringComparison.Ordinal) != true)
        {
            yield return "no frame policy";
        }

        if (answer.Status < 400)
        {
            yield break;
        }

        if (answer.MediaType != "application/problem+json")
        {
            yield return $"an error as {answer.MediaType ?? "no content type"}";
        }

        if (c.Head)
        {
            if (answer.Body.Length > 0)
            {
                yield return "a HEAD answer with a body";
            }

            yield break;
        }

        if (answer.Body.Length > ErrorLimit)
        {
            yield return $"an error of {answer.Body.Length} bytes";
        }

        foreach (var problem in ProblemFields(answer, requestId))
        {
            yield return problem;
        }
    }

    private static IEnumerable<string> ProblemFields(RawResponse answer, string requestId)
    {
        JsonElement body;
        try
        {
            using var doc = JsonDocument.Parse(answer.Body);
            body = doc.RootElement.Clone();
        }
        catch (JsonException)
        {
            body = default;
        }

        if (body.ValueKind != JsonValueKind.Object)
        {
            yield return "a problem that is not a JSON object";
            yield break;
        }

        if (!body.TryGetProperty("status", out var status) || status.GetInt32() != answer.Status)
        {
            yield return "a problem whose status is not the answer's";
        }

        if (!body.TryGetProperty("request_id", out var id) || id.GetString() != requestId)
        {
            yield return "a problem without the request id of its X-Request-ID header";
        }
    }
}
