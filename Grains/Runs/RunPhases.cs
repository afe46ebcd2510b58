using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Kasparro.Grains.Runs;

/// <summary>
/// Where a run's time went, by phase (milliseconds, summed when a phase happens more than once, as
/// a batch's write does), measured from the moment the run was started. Logged at Debug at the end of
/// every run (event 2190, with the process's JIT and GC time meanwhile) for the small-runs benchmark (tests/runbench.sh) and for anyone asking why
/// a run took as long as it did. Batch writes run on the thread pool: adding is thread-safe.
/// </summary>
public sealed class RunPhases
{
    private readonly long _origin = Stopwatch.GetTimestamp();

    // Process-wide, so they count whatever else the process did meanwhile: indicative, not the run's alone.
    private readonly TimeSpan _jitBefore = System.Runtime.JitInfo.GetCompilationTime();
    private readonly long _jitMethodsBefore = System.Runtime.JitInfo.GetCompiledMethodCount();
    private readonly TimeSpan _gcPausedBefore = GC.GetTotalPauseDuration();
    private readonly List<(string Phase, double Milliseconds)> _phases = [];
    private readonly Lock _gate = new();

    /// <summary>Milliseconds since the run was started.</summary>
    public double Elapsed => Stopwatch.GetElapsedTime(_origin).TotalMilliseconds;

    /// <summary>Adds the time since <paramref name="startedAt"/> (a <see cref="Stopwatch.GetTimestamp"/>) to <paramref name="phase"/>.</summary>
    public void Add(string phase, long startedAt) => Add(phase, Stopwatch.GetElapsedTime(startedAt).TotalMilliseconds);

    public void Add(string phase, double milliseconds)
    {
        lock (_gate)
        {
            var i = _phases.FindIndex(p => p.Phase == phase);
            if (i < 0)
            {
                _phases.Add((phase, milliseconds));
            }
            else
            {
                _phases[i] = (phase, _phases[i].Milliseconds + milliseconds);
            }
        }
    }

    /// <summary>Marks a moment (e.g. <c>visible</c>: the end record is in the run log) as the milliseconds since the start.</summary>
    public void Mark(string moment) => Add(moment, Elapsed);

    /// <summary>
    /// Marks the end (<c>done</c>) and adds what the process spent meanwhile compiling methods
    /// (<c>jit</c>, ms, and <c>jit.methods</c>, a count) and paused for garbage collections (<c>gc.pause</c>).
    /// </summary>
    public void Finish()
    {
        Mark("done");
        Add("jit", (System.Runtime.JitInfo.GetCompilationTime() - _jitBefore).TotalMilliseconds);
        Add("jit.methods", (double)(System.Runtime.JitInfo.GetCompiledMethodCount() - _jitMethodsBefore));
        Add("gc.pause", (GC.GetTotalPauseDuration() - _gcPausedBefore).TotalMilliseconds);
    }

    /// <summary>Times <paramref name="step"/> into <paramref name="phase"/>, whether it succeeds or throws.</summary>
    public async Task<T> TimeAsync<T>(string phase, Func<Task<T>> step)
    {
        ArgumentNullException.ThrowIfNull(step);
        var started = Stopwatch.GetTimestamp();
        try
        {
            return await step();
        }
        finally
        {
            Add(phase, started);
        }
    }

    /// <summary><c>phase=1.2 phase=3.4 …</c> in the order the phases first happened.</summary>
    public override string ToString()
    {
        lock (_gate)
        {
            var text = new StringBuilder();
            foreach (var (phase, ms) in _phases)
            {
                text.Append(text.Length == 0 ? "" : " ").Append(phase).Append('=').Append(ms.ToString("0.0", CultureInfo.InvariantCulture));
            }

            return text.ToString();
        }
    }
}
