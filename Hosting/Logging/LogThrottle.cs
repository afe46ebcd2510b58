using System.Collections.Concurrent;

namespace Kasparro.Hosting.Logging;

/// <summary>
/// Lets one log entry per key through in each <see cref="Window"/> and counts the ones it holds back,
/// so the next entry that passes can say how many were left out. Keys are few (a category and an
/// event, a grain method); should they ever grow past a bound, the counts start over.
/// </summary>
public sealed class LogThrottle(TimeProvider time, TimeSpan window)
{
    private const int MaxKeys = 1000;

    private readonly ConcurrentDictionary<string, Slot> _slots = new(StringComparer.Ordinal);

    /// <summary>How long an entry keeps others of its key out (10 s where the project uses it).</summary>
    public TimeSpan Window => window;

    /// <summary>The project's window: an outage writes a few lines every ten seconds, not one per request.</summary>
    public static readonly TimeSpan DefaultWindow = TimeSpan.FromSeconds(10);

    /// <summary>
    /// True when an entry of <paramref name="key"/> may be written now; <paramref name="suppressed"/> is
    /// then the number held back since the last one written (0 when none was).
    /// </summary>
    public bool TryPass(string key, out int suppressed)
    {
        if (_slots.Count > MaxKeys)
        {
            _slots.Clear();
        }

        var slot = _slots.GetOrAdd(key, static _ => new Slot());
        var now = time.GetTimestamp();
        lock (slot)
        {
            if (slot.Written && time.GetElapsedTime(slot.LastWritten, now) < window)
            {
                slot.Suppressed++;
                suppressed = 0;
                return false;
            }

            suppressed = slot.Suppressed;
            slot.Suppressed = 0;
            slot.Written = true;
            slot.LastWritten = now;
            return true;
        }
    }

    private sealed class Slot
    {
        public bool Written { get; set; }

        public long LastWritten { get; set; }

        public int Suppressed { get; set; }
    }
}
