using System.Diagnostics;
using System.Globalization;
using System.Net;

namespace Kasparro.IntegrationTests.Infrastructure;

/// <summary>
/// A real host process from the solution's own build (<c>Silo/bin/{Configuration}/net10.0/Kasparro.Silo.dll</c>,
/// or the gateway <c>Kasparro.Api.dll</c> in client mode), configured through environment variables
/// exactly as a deployment would be, on free loopback ports. Disposal always kills it (and anything it started).
/// </summary>
public sealed class SiloProcess : IDisposable
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(5) };
    private readonly Process _process;

    private SiloProcess(Process process, string name, int siloPort, int gatewayPort, int httpPort, string logFile)
    {
        _process = process;
        Name = name;
        SiloPort = siloPort;
        GatewayPort = gatewayPort;
        HttpPort = httpPort;
        LogFile = logFile;
    }

    public string Name { get; }

    public int SiloPort { get; }

    public int GatewayPort { get; }

    public int HttpPort { get; }

    public string LogFile { get; }

    public int Pid => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>The Release (or Debug, matching this test assembly) build of the Silo host.</summary>
    public static string SiloDll => HostDll("Silo", "Kasparro.Silo.dll");

    /// <summary>The same build of the REST gateway.</summary>
    public static string GatewayDll => HostDll("Api", "Kasparro.Api.dll");

    private static string HostDll(string project, string file)
    {
        var testDir = AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar);
        var configuration = new DirectoryInfo(testDir).Parent?.Name ?? "Release";
        var root = new DirectoryInfo(testDir);
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "Kasparro.Orleans.sln")))
        {
            root = root.Parent;
        }

        var dll = Path.Combine(root?.FullName ?? ".", project, "bin", configuration, "net10.0", file);
        return File.Exists(dll)
            ? dll
            : throw new InvalidOperationException($"{dll} is missing: build the solution in {configuration} first (tests/run.sh does).");
    }

    /// <summary>The advertised address's environment key (unset, a silo would advertise its own interface address).</summary>
    public const string AdvertisedAddressKey = "Kasparro__Cluster__AdvertisedAddress";

    /// <summary>Starts a silo; <paramref name="environment"/> is added to the ports and ids set here.</summary>
    public static SiloProcess Start(string name, string logDirectory, IReadOnlyDictionary<string, string> environment)
        => Start(name, SiloDll, logDirectory, environment, FreePorts.Next(), FreePorts.Next());

    /// <summary>
    /// Starts the REST gateway in client mode (<c>Kasparro__Api__Mode=Client</c>): it joins the cluster as an
    /// Orleans client through the silos' gateway ports found in the membership table.
    /// </summary>
    public static SiloProcess StartGateway(string name, string logDirectory, IReadOnlyDictionary<string, string> environment)
    {
        var client = new Dictionary<string, string>(environment) { ["Kasparro__Api__Mode"] = "Client" };
        return Start(name, GatewayDll, logDirectory, client, siloPort: 0, gatewayPort: 0);
    }

    /// <summary>
    /// Starts the REST gateway in standalone mode: it co-hosts a silo of its own, on free ports, which
    /// joins whatever cluster <paramref name="environment"/> names (its cluster id and database).
    /// </summary>
    public static SiloProcess StartStandaloneGateway(string name, string logDirectory, IReadOnlyDictionary<string, string> environment)
    {
        var standalone = new Dictionary<string, string>(environment) { ["Kasparro__Api__Mode"] = "Standalone" };
        return Start(name, GatewayDll, logDirectory, standalone, FreePorts.Next(), FreePorts.Next());
    }

    private static SiloProcess Start(string name, string dll, string logDirectory, IReadOnlyDictionary<string, string> environment, int siloPort, int gatewayPort)
    {
        var httpPort = FreePorts.Next();
        var logFile = Path.Combine(logDirectory, $"{name}.log");
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = logDirectory,
        };
        start.ArgumentList.Add(dll);
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add($"http://127.0.0.1:{httpPort}");
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        if (siloPort > 0)
        {
            start.Environment["Kasparro__Cluster__SiloPort"] = siloPort.ToString(CultureInfo.InvariantCulture);
            start.Environment["Kasparro__Cluster__GatewayPort"] = gatewayPort.ToString(CultureInfo.InvariantCulture);
            // Every process of a test runs on this machine: advertise loopback explicitly (unless the test sets an
            // address), so the cluster does not depend on this machine's network interfaces.
            if (!environment.ContainsKey(AdvertisedAddressKey))
            {
                start.Environment[AdvertisedAddressKey] = "127.0.0.1";
            }
        }
        start.Environment["DOTNET_NOLOGO"] = "1";

        var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
        var log = new StreamWriter(logFile) { AutoFlush = true };
        var gate = new object();
        void Write(string? line)
        {
            if (line is null)
            {
                return;
            }

            lock (gate)
            {
                try
                {
                    log.WriteLine(line);
                }
                catch (ObjectDisposedException)
                {
                    // The process is gone and the test has moved on.
                }
            }
        }

        process.OutputDataReceived += (_, e) => Write(e.Data);
        process.ErrorDataReceived += (_, e) => Write(e.Data);
        process.Exited += (_, _) => { lock (gate) { log.Dispose(); } };
        process.EnableRaisingEvents = true;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new SiloProcess(process, name, siloPort, gatewayPort, httpPort, logFile);
    }

    /// <summary>The HTTP status of GET /health, or null when nothing answers.</summary>
    public async Task<HttpStatusCode?> HealthAsync()
    {
        try
        {
            using var response = await Http.GetAsync(new Uri($"http://127.0.0.1:{HttpPort}/health"));
            return response.StatusCode;
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            return null;
        }
    }

    /// <summary>SIGKILL: no shutdown, no goodbye to the cluster; a crash as the others see it.</summary>
    public void KillHard()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        _process.WaitForExit(10_000);
    }

    /// <summary>SIGTERM, as a rolling deploy or <c>docker stop</c> sends it: the host shuts the silo down gracefully. Waits for the exit.</summary>
    public void StopGracefully(TimeSpan timeout)
    {
        if (_process.HasExited)
        {
            return;
        }

        using (var kill = Process.Start("kill", ["-TERM", Pid.ToString(CultureInfo.InvariantCulture)]))
        {
            kill.WaitForExit();
        }

        if (!_process.WaitForExit(timeout))
        {
            throw new TimeoutException($"{Name} did not stop within {timeout.TotalSeconds:0} s of SIGTERM");
        }
    }

    /// <summary>The last lines of the log, for failure messages.</summary>
    public string Tail(int lines = 30)
    {
        try
        {
            using var stream = new FileStream(LogFile, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            using var reader = new StreamReader(stream);
            var all = reader.ReadToEnd().Split('\n');
            return $"--- {Name} (pid {Pid}, silo port {SiloPort}) ---\n" + string.Join('\n', all.TakeLast(lines));
        }
        catch (IOException)
        {
            return $"--- {Name}: no log ---";
        }
    }

    public void Dispose()
    {
        try
        {
            KillHard();
        }
        catch (InvalidOperationException)
        {
            // Never started or already reaped.
        }

        _process.Dispose();
    }
}
