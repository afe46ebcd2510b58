using System.Net;
using Kasparro.IntegrationTests.Infrastructure;
using Xunit.Abstractions;

namespace Kasparro.IntegrationTests.Clustering;

/// <summary>
/// Real silo processes and a client-mode gateway on one PostgreSQL database and cluster id of their
/// own, configured through the environment as a deployment is. The processes can all be stopped
/// (SIGKILL or SIGTERM) and new ones started on the same database and cluster id, optionally with
/// other environment; what they logged stays in <see cref="Directory"/> until disposal.
/// </summary>
public sealed class ControlPlaneCluster : IAsyncDisposable
{
    /// <summary>The single-key setting: an admin key whose id is <c>default</c> in the audit trail.</summary>
    public const string AdminKey = "control-plane-admin-key";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(120);

    private readonly ITestOutputHelper _output;
    private readonly List<SiloProcess> _retired = [];
    private int _generation;

    private ControlPlaneCluster(string connectionString, ITestOutputHelper output)
    {
        _output = output;
        ConnectionString = connectionString;
        ClusterId = PostgresClusterFixture.NewClusterId();
        Directory = System.IO.Directory.CreateTempSubdirectory("kasparro-control-plane").FullName;
    }

    public string ConnectionString { get; }

    public string ClusterId { get; }

    /// <summary>Where the processes log and the tests write their CSV files.</summary>
    public string Directory { get; }

    public List<SiloProcess> Silos { get; } = [];

    public SiloProcess? Gateway { get; private set; }

    public Uri BaseAddress => new($"http://127.0.0.1:{Gateway?.HttpPort ?? throw new InvalidOperationException("no gateway")}");

    /// <summary>A cluster on a database of its own (nothing is started yet).</summary>
    public static async Task<ControlPlaneCluster> CreateAsync(PostgresClusterFixture db, ITestOutputHelper output)
    {
        ArgumentNullException.ThrowIfNull(db);
        return new ControlPlaneCluster(await db.NewDatabaseAsync(), output);
    }

    /// <summary>
    /// Starts <paramref name="silos"/> silo processes, waits for each to be healthy, then the gateway.
    /// <paramref name="extra"/> is added to the environment of the silos (the gateway gets only the base).
    /// </summary>
    public async Task StartAsync(int silos, IReadOnlyDictionary<string, string>? extra = null)
    {
        if (Silos.Count > 0 || Gateway is not null)
        {
            throw new InvalidOperationException("Stop the running processes first.");
        }

        _generation++;
        var environment = BaseEnvironment();
        foreach (var (key, value) in extra ?? new Dictionary<string, string>())
        {
            environment[key] = value;
        }

        for (var i = 0; i < silos; i++)
        {
            Silos.Add(SiloProcess.Start($"g{_generation}-silo-{i}", Directory, environment));
        }

        foreach (var silo in Silos)
        {
            await WaitHealthyAsync(silo);
        }

        Gateway = SiloProcess.StartGateway($"g{_generation}-gateway", Directory, BaseEnvironment());
        await WaitHealthyAsync(Gateway);
    }

    /// <summary>Stops every process: SIGKILL (a crash) or SIGTERM (a deployment), all at once; their logs are kept for failure reports.</summary>
    public async Task StopAllAsync(bool hard)
    {
        var processes = Silos.Append(Gateway).OfType<SiloProcess>().ToList();
        await Task.WhenAll(processes.Select(p => Task.Run(() =>
        {
            if (hard)
            {
                p.KillHard();
            }
            else
            {
                p.StopGracefully(TimeSpan.FromSeconds(60));
            }
        })));
        _retired.AddRange(processes);
        Silos.Clear();
        Gateway = null;
    }

    /// <summary>A new client of the gateway sending the admin key (its own connection, for concurrent requests).</summary>
    public HttpClient Client()
    {
        var http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
        http.DefaultRequestHeaders.Add("X-API-Key", AdminKey);
        return http;
    }

    /// <summary>Writes every process's last log lines to the test output (call on failure).</summary>
    public void DumpLogs(int lines = 60)
    {
        foreach (var process in _retired.Concat(Silos).Append(Gateway).OfType<SiloProcess>())
        {
            _output.WriteLine(process.Tail(lines));
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var process in _retired.Concat(Silos).Append(Gateway).OfType<SiloProcess>())
        {
            process.Dispose();
        }

        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // A log writer of a process that just died may still hold its file; the temp directory is left.
        }

        await Task.CompletedTask;
    }

    private Dictionary<string, string> BaseEnvironment()
    {
        var environment = new Dictionary<string, string>(FailoverTests.FastMembership)
        {
            ["Kasparro__Storage__Provider"] = "Postgres",
            ["ConnectionStrings__Kasparro"] = ConnectionString,
            ["Kasparro__Cluster__ClusterId"] = ClusterId,
            ["Kasparro__Cluster__ServiceId"] = $"svc-{ClusterId}",
            ["Kasparro__Sources__csv__Enabled"] = "false",
            ["Kasparro__Sources__coingecko__Enabled"] = "false",
            ["Kasparro__Sources__rss__Enabled"] = "false",
            [Env(TestSilo.FirstRunAtStartKey)] = "false",
            ["Kasparro__Api__ApiKey"] = AdminKey,
            ["Logging__LogLevel__Default"] = "Warning",
            // The registry's changes are logged at Information: the failure reports show them.
            ["Logging__LogLevel__Kasparro.Grains.Control"] = "Information",
            [Env(TestSilo.ConnectTimeoutKey)] = TestSilo.ConnectTimeout,
            // Every read asks the grains and the database: a cached answer would hide what the cluster holds.
            ["Kasparro__Queries__CacheDuration"] = "00:00:00",
        };
        return environment;
    }

    private static string Env(string key) => key.Replace(":", "__", StringComparison.Ordinal);

    private static async Task WaitHealthyAsync(SiloProcess process)
    {
        await Eventually.Until(process.HealthAsync, s => s == HttpStatusCode.OK || process.HasExited, StartTimeout, $"{process.Name} /health");
        Assert.False(process.HasExited, process.Tail());
    }
}
