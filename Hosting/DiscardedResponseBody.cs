using System.IO.Pipelines;
using Microsoft.AspNetCore.Http.Features;

namespace Kasparro.Hosting;

/// <summary>
/// The response body of a HEAD answered as a GET: whatever the endpoint writes is dropped, while
/// starting and completing the response still reach the server, so the status and headers go out as
/// a GET's would. Kestrel drops a HEAD's body on its own; this makes every server (the tests'
/// in-memory one too) and every writer (a file sent, a stream copied) do the same. The first write or
/// flush starts the real response, as it would for a GET: a streaming endpoint's headers go out at
/// once (the client can then hang up, which ends the stream), and a late failure cannot turn an
/// answer already begun into a different one.
/// </summary>
internal sealed class DiscardedResponseBody(IHttpResponseBodyFeature inner, CancellationToken requestAborted) : IHttpResponseBodyFeature
{
    private Stream? _stream;
    private PipeWriter? _writer;

    public Stream Stream => _stream ??= new StartingNullStream(inner, requestAborted);

    public PipeWriter Writer => _writer ??= PipeWriter.Create(Stream);

    public void DisableBuffering() => inner.DisableBuffering();

    public Task StartAsync(CancellationToken cancellationToken = default) => inner.StartAsync(cancellationToken);

    public Task SendFileAsync(string path, long offset, long? count, CancellationToken cancellationToken = default) =>
        inner.StartAsync(cancellationToken);

    public Task CompleteAsync() => inner.CompleteAsync();

    /// <summary>
    /// Drops every byte; the first asynchronous write or flush starts the real response. Once the
    /// client has gone, writes fail as they would on the real body, so an endpoint that streams until
    /// its writes fail (the dashboard's live log) ends instead of writing into nothing forever.
    /// </summary>
    private sealed class StartingNullStream(IHttpResponseBodyFeature inner, CancellationToken requestAborted) : Stream
    {
        private bool _started;

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override void Flush()
        {
        }

        public override Task FlushAsync(CancellationToken cancellationToken) => StartOnceAsync(cancellationToken);

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count)
        {
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => StartOnceAsync(cancellationToken);

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) =>
            new(StartOnceAsync(cancellationToken));

        private Task StartOnceAsync(CancellationToken cancellationToken)
        {
            if (requestAborted.IsCancellationRequested)
            {
                return Task.FromCanceled(requestAborted);
            }

            if (_started)
            {
                return Task.CompletedTask;
            }

            _started = true;
            return inner.StartAsync(cancellationToken);
        }
    }
}
