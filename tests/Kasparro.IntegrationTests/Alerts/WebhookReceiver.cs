using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Kasparro.IntegrationTests.Alerts;

/// <summary>
/// A webhook receiver on a loopback port (Kestrel, 127.0.0.1, port 0) that records every request —
/// method, path, headers, body — and answers as the test programs it (<see cref="Answer"/>): a
/// status, failures for the first N requests, redirects, delays, huge bodies. Any path is accepted,
/// so one receiver can serve several subscriptions (<see cref="UrlFor"/>). For sender, relay and
/// end-to-end tests alike; nothing leaves the machine.
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<ReceivedWebhook> _received = new();
    private int _count;
    private long _bodyBytesSent;

    private WebhookReceiver(WebApplication app)
    {
        _app = app;
        _app.Run(HandleAsync);
    }

    /// <summary>How each request is answered (default: 200); given the request as recorded.</summary>
    public Func<ReceivedWebhook, WebhookAnswer> Answer { get; set; } = _ => WebhookAnswer.Ok;

    /// <summary>Every request so far, in arrival order.</summary>
    public IReadOnlyList<ReceivedWebhook> Received => [.. _received.OrderBy(r => r.Number)];

    /// <summary>Filler bytes of huge answers written so far (what the client let through before it hung up).</summary>
    public long BodyBytesSent => Interlocked.Read(ref _bodyBytesSent);

    /// <summary><c>http://127.0.0.1:{port}</c>.</summary>
    public Uri BaseUri { get; private set; } = null!;

    /// <summary>The URL of <paramref name="path"/> on this receiver (e.g. <c>/hooks/ops</c>).</summary>
    public string UrlFor(string path = "/hook") => new Uri(BaseUri, path).AbsoluteUri;

    public int Port => BaseUri.Port;

    public static async Task<WebhookReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var receiver = new WebhookReceiver(builder.Build());
        await receiver._app.StartAsync();
        var address = receiver._app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        receiver.BaseUri = new Uri(address);
        return receiver;
    }

    /// <summary>Answers the first <paramref name="failures"/> requests with <paramref name="status"/>, the rest with 200.</summary>
    public void FailFirst(int failures, int status = 503) =>
        Answer = r => r.Number <= failures ? WebhookAnswer.With(status, $"failing on purpose ({r.Number})") : WebhookAnswer.Ok;

    /// <summary>Waits until at least <paramref name="count"/> requests arrived (or throws after <paramref name="timeout"/>).</summary>
    public async Task<IReadOnlyList<ReceivedWebhook>> WaitForAsync(int count, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (_received.Count < count)
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"The receiver got {_received.Count} of {count} requests in {timeout}: {string.Join(", ", Received)}");
            }

            await Task.Delay(50);
        }

        return Received;
    }

    private async Task HandleAsync(HttpContext context)
    {
        using var body = new MemoryStream();
        await context.Request.Body.CopyToAsync(body, context.RequestAborted);
        var received = new ReceivedWebhook(
            Interlocked.Increment(ref _count), DateTime.UtcNow, context.Request.Method, context.Request.Path + context.Request.QueryString,
            context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase), body.ToArray());
        _received.Enqueue(received);
        var answer = Answer(received);
        try
        {
            if (answer.Delay > TimeSpan.Zero)
            {
                await Task.Delay(answer.Delay, context.RequestAborted);
            }

            context.Response.StatusCode = answer.Status;
            if (answer.Location is not null)
            {
                context.Response.Headers.Location = answer.Location;
            }

            if (answer.BodyBytes > 0)
            {
                await StreamFillerAsync(context, answer.BodyBytes);
            }
            else if (answer.Body is not null)
            {
                await context.Response.WriteAsync(answer.Body, context.RequestAborted);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException)
        {
            // The client hung up (a timeout, a capped read): nothing more to answer.
        }
    }

    private async Task StreamFillerAsync(HttpContext context, long bytes)
    {
        var chunk = new byte[64 * 1024];
        Array.Fill(chunk, (byte)'x');
        for (var sent = 0L; sent < bytes; sent += chunk.Length)
        {
            var size = (int)Math.Min(chunk.Length, bytes - sent);
            await context.Response.Body.WriteAsync(chunk.AsMemory(0, size), context.RequestAborted);
            await context.Response.Body.FlushAsync(context.RequestAborted);
            Interlocked.Add(ref _bodyBytesSent, size);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
