using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Kasparro.IntegrationTests.Gateway;
using Kasparro.IntegrationTests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Kasparro.IntegrationTests.Api;

/// <summary>
/// The real gateway on a real Kestrel server (its limits on request lines and headers, its parsing of
/// raw bytes, apply) on PostgreSQL, with a key. Sources: <c>alpha</c> (three assets, run once),
/// <c>gone</c> (an absolute path that does not exist, run once: its failure names a file), and
/// <c>target</c> (what the hostile writes aim at). <see cref="Forbidden"/> lists what no answer may
/// show: the machine's paths and the database's host and port.
/// </summary>
public sealed class HostileGatewayFixture : IAsyncLifetime
{
    public const string ApiKey = "hostile-key-0123";

    private string _directory = "";
    private string _connectionString = "";

    public GatewayFactory Gateway { get; private set; } = null!;

    public HttpClient Http { get; private set; } = null!;

    public int Port { get; private set; }

    public string AlphaRunId { get; private set; } = "";

    public string GoneRunId { get; private set; } = "";

    /// <summary>The folder the sources' files live in (absolute).</summary>
    public string Directory => _directory;

    public IReadOnlyList<string> Forbidden { get; private set; } = [];

    public async Task InitializeAsync()
    {
        _directory = System.IO.Directory.CreateTempSubdirectory("kasparro-hostile").FullName;
        await File.WriteAllTextAsync(Path.Combine(_directory, "alpha.csv"), Csv("a"));
        await File.WriteAllTextAsync(Path.Combine(_directory, "target.csv"), Csv("t"));
        _connectionString = await TestPostgres.CreateDatabaseAsync("hostile");

        var settings = new Dictionary<string, string?>
        {
            ["Kasparro:Api:ApiKey"] = ApiKey,
            ["urls"] = $"http://127.0.0.1:{FreePorts.Next().ToString(CultureInfo.InvariantCulture)}",
        };
        foreach (var id in new[] { "alpha", "gone", "target" })
        {
            settings[$"Kasparro:Sources:{id}:Kind"] = "Csv";
            settings[$"Kasparro:Sources:{id}:Url"] = Path.Combine(_directory, $"{id}.csv");
            settings[$"Kasparro:Sources:{id}:Interval"] = "01:00:00";
        }

        Gateway = GatewayFactory.Standalone(_connectionString, extra: settings);
        Gateway.UseKestrel();
        Gateway.StartServer();
        var address = Gateway.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        Http = new HttpClient { BaseAddress = new Uri(address) };
        Port = Http.BaseAddress.Port;

        AlphaRunId = await RunToEndAsync("alpha");
        GoneRunId = await RunToEndAsync("gone");

        var database = new NpgsqlConnectionStringBuilder(_connectionString);
        var contentRoot = Gateway.Services.GetRequiredService<IWebHostEnvironment>().ContentRootPath;
        string[] paths = [_directory, AppContext.BaseDirectory, contentRoot, Environment.CurrentDirectory];
        Forbidden =
        [
            .. paths.Select(Path.TrimEndingDirectorySeparator).Where(p => p.Length > 1).Distinct(StringComparer.Ordinal),
            $"{database.Host}:{database.Port.ToString(CultureInfo.InvariantCulture)}",
            $"Host={database.Host}",
            $"Port={database.Port.ToString(CultureInfo.InvariantCulture)}",
        ];
    }

    /// <summary>Starts a run through the API and waits until the run log has it finished; returns its id.</summary>
    public async Task<string> RunToEndAsync(string source)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri($"/sources/{source}/runs", UriKind.Relative));
        request.Headers.Add("X-API-Key", ApiKey);
        using var started = await Http.SendAsync(request);
        started.EnsureSuccessStatusCode();
        var runId = (await started.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("run_id").GetString()!;
        await Eventually.Until(
            async () => (await Http.GetFromJsonAsync<JsonElement>(new Uri($"/runs/{runId}", UriKind.Relative))).GetProperty("status").GetString(),
            status => status is not null and not "running", TimeSpan.FromSeconds(60), $"run {runId} of {source} to finish");
        return runId;
    }

    public async Task DisposeAsync()
    {
        Http.Dispose();
        await Gateway.DisposeAsync();
        await TestPostgres.DropDatabaseAsync(_connectionString);
        System.IO.Directory.Delete(_directory, recursive: true);
    }

    private static string Csv(string prefix) =>
        "id,symbol,name,price,market_cap,volume_24h,price_change_24h,timestamp\n" + string.Concat(Enumerable.Range(0, 3).Select(i =>
            string.Create(CultureInfo.InvariantCulture, $"{prefix}-{i:00},{prefix}{i},Asset {i},{i + 1.5m},{(i + 1) * 1000},10,1,2024-01-01T00:00:00Z\n")));
}
