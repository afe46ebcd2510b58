using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.Primitives;

namespace Kasparro.Grains.Sources;

/// <summary>
/// "A source's stored data changed on this silo": raised when a batch commits and when a run is
/// logged. Readers of stored data that keep something derived from it (the query cache, the
/// per-source gauges) watch it through a change token, so the grain raising it knows none of them.
/// </summary>
[SuppressMessage(
    "Reliability",
    "CA1001:Types that own disposable fields should be disposable",
    Justification = "A token source without a timer holds nothing to free, and the signal lives as long as the silo: a commit finishing while the silo stops must not meet a disposed signal.")]
public sealed class SourceDataSignal
{
    private CancellationTokenSource _current = new();

    /// <summary>
    /// A token that changes at the next <see cref="Publish"/>. Take it before reading the data a
    /// derived value comes from: a change that races with the read then still marks the value stale.
    /// </summary>
    public IChangeToken GetChangeToken() => new CancellationChangeToken(Volatile.Read(ref _current).Token);

    /// <summary>Says that <paramref name="source"/>'s stored data changed; every token handed out so far changes.</summary>
    public void Publish(string source)
    {
        ArgumentNullException.ThrowIfNull(source);
        // Not disposed: tokens handed out may still be asked whether they changed (a disposed source still answers).
        var previous = Interlocked.Exchange(ref _current, new CancellationTokenSource());
        previous.Cancel();
    }
}
