using System.Globalization;

namespace Kasparro.LoadBench;

/// <summary>
/// Where the CPU of a measurement went: the gateway process, the PostgreSQL server (its postmaster and
/// every process it started) and this load client, read from /proc (user + system time) before and
/// after. Per request, in microseconds: what each request cost each party, and so which one limits.
/// Linux only; elsewhere (or without the pids) it reports nothing.
/// </summary>
internal sealed class CpuSplit(int? gatewayPid, int? postmasterPid)
{
    private const double TicksPerSecond = 100; // USER_HZ: 100 on every Linux this runs on

    public sealed record Sample(double Gateway, double Postgres, double Client);

    public Sample? Take()
    {
        if (!OperatingSystem.IsLinux() || gatewayPid is null || postmasterPid is null)
        {
            return null;
        }

        var postgres = 0.0;
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(dir), out var pid) && (pid == postmasterPid || ParentOf(pid) == postmasterPid))
            {
                postgres += Seconds(pid);
            }
        }

        return new Sample(Seconds(gatewayPid.Value), postgres, Seconds(Environment.ProcessId));
    }

    /// <summary>"cpu/request: gateway 210 µs, postgres 380 µs, client 90 µs (cores busy 1.9)".</summary>
    public static string Describe(Sample? before, Sample? after, long requests, double seconds)
    {
        if (before is null || after is null || requests == 0)
        {
            return "";
        }

        double Per(double a, double b) => (b - a) / requests * 1e6;
        var busy = (after.Gateway - before.Gateway + after.Postgres - before.Postgres + after.Client - before.Client) / seconds;
        return string.Create(CultureInfo.InvariantCulture,
            $"    cpu/request: gateway {Per(before.Gateway, after.Gateway),5:F0} µs, postgres {Per(before.Postgres, after.Postgres),5:F0} µs, client {Per(before.Client, after.Client),5:F0} µs (cores busy {busy:F2})");
    }

    /// <summary>The parent of a PostgreSQL backend: the postmaster.</summary>
    public static int? ParentOf(int pid)
    {
        var stat = Stat(pid);
        return stat is null ? null : int.Parse(stat[1], CultureInfo.InvariantCulture);
    }

    private static double Seconds(int pid)
    {
        var stat = Stat(pid);
        return stat is null ? 0 : (long.Parse(stat[11], CultureInfo.InvariantCulture) + long.Parse(stat[12], CultureInfo.InvariantCulture)) / TicksPerSecond;
    }

    /// <summary>The fields of /proc/PID/stat after the command name (state first), or null when it is gone.</summary>
    private static string[]? Stat(int pid)
    {
        try
        {
            var text = File.ReadAllText($"/proc/{pid}/stat");
            return text[(text.LastIndexOf(')') + 2)..].Split(' ');
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }
}
