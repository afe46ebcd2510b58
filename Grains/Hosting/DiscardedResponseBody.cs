using System.IO.Pipelines;
using Microsoft.AspNetCore.Http.Features;

namespace Kasparro.Grains.Hosting;

/// <summary>
/// The response body of a HEAD answered as a GET: whatever the endpoint writes is dropped, while
/// starting and completing the response still reach the server, so the status and headers go out as
/// a GET's would. Kestrel drops a HEAD's body on its own; this makes every server (the tests'
/// in-memory one too) and every writer (a file sent, a stream copied) do the same.
/// </summary>
internal sealed class DiscardedResponseBody(IHttpResponseBodyFeature inner) : IHttpResponseBodyFeature
{
    private PipeWriter? _writer;

    public Stream Stream => Stream.Null;

    public PipeWriter Writer => _writer ??= PipeWriter.Create(Stream.Null);

    public void DisableBuffering() => inner.DisableBuffering();

    public Task StartAsync(CancellationToken cancellationToken = default) => inner.StartAsync(cancellationToken);

    public Task SendFileAsync(string path, long offset, long? count, CancellationToken cancellationToken = default) => Task.CompletedTask;

    public Task CompleteAsync() => inner.CompleteAsync();
}
