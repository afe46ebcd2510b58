using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Kasparro.IntegrationTests.Infrastructure;

/// <summary>
/// A real HTTP server on a loopback port that answers with whatever the test scripts: recorded
/// payloads of the real APIs' shapes, errors, delays. Every request is recorded. No test leaves
/// the machine.
/// </summary>
public sealed class FakeApiServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private FakeApiServer(WebApplication app, Func<HttpContext, int, Task> respond)
    {
        _app = app;
        _app.Run(async context =>
        {
            Requests.Enqueue(context.Request.Path + context.Request.QueryString);
            Headers.Enqueue(context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase));
            await respond(context, Requests.Count);
        });
    }

    public ConcurrentQueue<string> Requests { get; } = new();

    public ConcurrentQueue<Dictionary<string, string>> Headers { get; } = new();

    public Uri BaseUri { get; private set; } = null!;

    /// <summary>Starts a server; <paramref name="respond"/> gets each request and its 1-based number.</summary>
    public static async Task<FakeApiServer> StartAsync(Func<HttpContext, int, Task> respond)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var server = new FakeApiServer(builder.Build(), respond);
        await server._app.StartAsync();
        var address = server._app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.BaseUri = new Uri(address + "/api/v3");
        return server;
    }

    public static async Task Json(HttpContext context, string fixture)
    {
        context.Response.ContentType = "application/json";
        await context.Response.SendFileAsync(Path.Combine(AppContext.BaseDirectory, "Fixtures", fixture));
    }

    public static Task Status(HttpContext context, int status, string? retryAfter = null)
    {
        context.Response.StatusCode = status;
        if (retryAfter is not null)
        {
            context.Response.Headers.RetryAfter = retryAfter;
        }

        return Task.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
