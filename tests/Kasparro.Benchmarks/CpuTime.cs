using System.Globalization;

namespace Kasparro.Benchmarks;

/// <summary>
/// CPU seconds used so far by this process (the silo) and by every PostgreSQL process on the
/// machine, from /proc. Wall time on a shared 2-core machine is noisy; CPU time says what the work cost.
/// </summary>
internal readonly record struct CpuTime(double Silo, double Postgres)
{
    private static readonly double TicksPerSecond = 100.0; // USER_HZ: 100 on every Linux build .NET supports

    public static CpuTime Now()
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
                    own = Seconds(dir);
                }
                else if (File.ReadAllText(Path.Combine(dir, "comm")).Trim() == "postgres")
                {
                    postgres += Seconds(dir);
                }
            }
            catch (IOException)
            {
                // The process ended while we looked: its time is gone with it.
            }
        }

        return new CpuTime(own, postgres);
    }

    public static CpuTime operator -(CpuTime a, CpuTime b) => new(a.Silo - b.Silo, a.Postgres - b.Postgres);

    private static double Seconds(string dir)
    {
        // Fields after the command name (which is in parentheses and may hold spaces): utime is the
        // 14th field of the line, stime the 15th; after the ')' they are the 12th and 13th.
        var stat = File.ReadAllText(Path.Combine(dir, "stat"));
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / TicksPerSecond;
    }
}
