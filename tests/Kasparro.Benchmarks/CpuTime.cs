using System.Globalization;

namespace Kasparro.Benchmarks;

/// <summary>
/// CPU seconds used so far by this process (the silo) and by the benchmark's PostgreSQL server, from
/// /proc. Wall time on a shared 2-core machine is noisy; CPU time says what the work cost.
/// </summary>
/// <remarks>
/// Only the server the benchmark uses is counted (its postmaster and the postmaster's children), not
/// every process named postgres: other servers on a shared machine start and end during a run (their
/// sum once came out negative). A backend that ends during the run is not lost: the postmaster reaps
/// it, and the kernel adds its time to the postmaster's children's time (cutime, cstime).
/// </remarks>
internal readonly record struct CpuTime(double Silo, double Postgres)
{
    private static readonly double TicksPerSecond = 100.0; // USER_HZ: 100 on every Linux build .NET supports

    /// <summary>The postmaster of the server <paramref name="backend"/> (a backend's process id) belongs to.</summary>
    public static int Postmaster(int backend) => int.Parse(Fields(backend.ToString(CultureInfo.InvariantCulture))[1], CultureInfo.InvariantCulture);

    public static CpuTime Now(int postmaster = 0)
    {
        var silo = Environment.ProcessId;
        double own = 0, postgres = 0;
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            var name = Path.GetFileName(dir);
            if (!int.TryParse(name, NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                continue;
            }

            try
            {
                if (pid == silo)
                {
                    own = Seconds(Fields(name), children: false);
                }
                else if (pid == postmaster)
                {
                    postgres += Seconds(Fields(name), children: true);
                }
                else if (postmaster != 0 ? Fields(name)[1] == postmaster.ToString(CultureInfo.InvariantCulture)
                    : File.ReadAllText(Path.Combine(dir, "comm")).Trim() == "postgres")
                {
                    postgres += Seconds(Fields(name), children: false);
                }
            }
            catch (IOException)
            {
                // The process ended while we looked: its time is its parent's now.
            }
        }

        return new CpuTime(own, postgres);
    }

    public static CpuTime operator -(CpuTime a, CpuTime b) => new(a.Silo - b.Silo, a.Postgres - b.Postgres);

    /// <summary>
    /// The fields of /proc/PID/stat after the command name (which is in parentheses and may hold
    /// spaces): [0] state, [1] parent pid, [11] utime, [12] stime, [13] cutime, [14] cstime.
    /// </summary>
    private static string[] Fields(string pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        return stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
    }

    private static double Seconds(string[] fields, bool children)
    {
        var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        if (children)
        {
            ticks += long.Parse(fields[13], CultureInfo.InvariantCulture) + long.Parse(fields[14], CultureInfo.InvariantCulture);
        }

        return ticks / TicksPerSecond;
    }
}
