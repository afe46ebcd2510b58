using Kasparro.Grains.Interfaces.Control;
using Kasparro.Grains.Interfaces.Queries;
using Kasparro.Grains.Storage;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Kasparro.IntegrationTests.Gateway;

/// <summary>
/// A request for a source's audit trail that the client gives up on stops its store read: the
/// request's token travels through <see cref="ISourceEventQueryGrain"/> to the store (see QueryCancellationTests).
/// </summary>
public sealed class SourceEventCancellationTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_cancelled_events_request_cancels_its_store_read()
    {
        var store = new BlockingEventStore();
        await using var factory = GatewayFactory.Standalone(connectionString: null);
        await using var gateway = factory.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.AddSingleton<ISourceEventStore>(store)));
        using var http = gateway.CreateClient();
        using var cancel = new CancellationTokenSource();

        var sent = http.GetAsync(new Uri("/sources/csv/events", UriKind.Relative), cancel.Token);
        await store.Entered.Task.WaitAsync(Deadline);
        await cancel.CancelAsync();

        Assert.True(await store.Ended.Task.WaitAsync(Deadline), "the store read ended without its token being cancelled");
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => sent);
    }

    /// <summary>Reads wait until cancelled and say whether they were.</summary>
    private sealed class BlockingEventStore : ISourceEventStore
    {
        public TaskCompletionSource Entered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource<bool> Ended { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task AppendAsync(IReadOnlyList<SourceEvent> events, CancellationToken cancellationToken) => Task.CompletedTask;

        public async Task<Page<SourceEvent>> PageAsync(string source, string? kind, PageRequest page, CancellationToken cancellationToken)
        {
            Entered.TrySetResult();
            try
            {
                await Task.Delay(Timeout.Infinite, cancellationToken);
                throw new InvalidOperationException("unreachable");
            }
            finally
            {
                Ended.TrySetResult(cancellationToken.IsCancellationRequested);
            }
        }
    }
}
