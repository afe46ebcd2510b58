using System.Globalization;
using System.Text;
using Kasparro.Grains.Interfaces.Queries;
using Kasparro.Grains.Interfaces.Sources;
using Kasparro.Grains.Storage;
using Kasparro.IntegrationTests.Gateway;
using Kasparro.IntegrationTests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Kasparro.IntegrationTests.Api;

/// <summary>
/// A standalone gateway with data whose every figure is known: <c>alpha</c> (30 assets a-00..a-29,
/// price i + 0.5, market cap i * 1000 but none for a-00, a second newer quote of a-01 at 1.75, one
/// rejected row; a-07's symbol is BTC), <c>beta</c> (6 well-known coins, caps 900,000 down to
/// 400,000), <c>feed</c> (the 4-item RSS fixture), <c>flaky</c> (fails at its first record), and
/// sources for the write tests: <c>manual</c> (rows all invalid), <c>injected</c> and <c>off</c> (disabled).
/// Runs, in order: alpha, beta, alpha again (nothing new), feed, flaky.
/// </summary>
public abstract class ApiFixture : IAsyncLifetime
{
    public const string ApiKey = "test-key-123";
    public static readonly DateTime T0 = new(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    private string _directory = "";

    public GatewayFactory Gateway { get; private set; } = null!;

    public HttpClient Http { get; private set; } = null!;

    public IGrainFactory Grains => Gateway.Services.GetRequiredService<IGrainFactory>();

    public RunInfo Alpha1 { get; private set; } = null!;

    public RunInfo Alpha2 { get; private set; } = null!;

    public RunInfo Beta1 { get; private set; } = null!;

    public RunInfo Feed1 { get; private set; } = null!;

    public RunInfo Flaky1 { get; private set; } = null!;

    /// <summary>Null for InMemory, otherwise a connection string to a fresh database.</summary>
    protected abstract Task<string?> CreateStoreAsync();

    protected virtual Task DropStoreAsync() => Task.CompletedTask;

    public async Task InitializeAsync()
    {
        _directory = Directory.CreateTempSubdirectory("kasparro-api").FullName;
        await File.WriteAllTextAsync(Path.Combine(_directory, "alpha.csv"), AlphaCsv());
        await File.WriteAllTextAsync(Path.Combine(_directory, "beta.csv"), BetaCsv);
        foreach (var small in new[] { "flaky", "manual", "injected", "off" })
        {
            await File.WriteAllTextAsync(Path.Combine(_directory, $"{small}.csv"), SmallCsv(small));
        }

        var settings = new Dictionary<string, string?> { ["Kasparro:Api:ApiKey"] = ApiKey };
        foreach (var id in new[] { "alpha", "beta", "flaky", "manual", "injected", "off" })
        {
            settings[$"Kasparro:Sources:{id}:Kind"] = "Csv";
            settings[$"Kasparro:Sources:{id}:Url"] = Path.Combine(_directory, $"{id}.csv");
            settings[$"Kasparro:Sources:{id}:Interval"] = "01:00:00";
        }

        settings["Kasparro:Sources:feed:Kind"] = "Rss";
        settings["Kasparro:Sources:feed:Url"] = Path.Combine(AppContext.BaseDirectory, "Fixtures", "news_rss.xml");
        settings["Kasparro:Sources:feed:Interval"] = "01:00:00";
        settings["Kasparro:Sources:off:Enabled"] = "false";
        settings["Kasparro:Sources:flaky:FailureInjection:Enabled"] = "true";
        settings["Kasparro:Sources:flaky:FailureInjection:FailAtRecord"] = "0";
        settings["Kasparro:Sources:flaky:FailureInjection:FailureType"] = "database_error";

        Gateway = GatewayFactory.Standalone(await CreateStoreAsync(), extra: settings);
        Http = Gateway.CreateClient();
        Alpha1 = await RunToEndAsync("alpha");
        Beta1 = await RunToEndAsync("beta");
        Alpha2 = await RunToEndAsync("alpha");
        Feed1 = await RunToEndAsync("feed");
        Flaky1 = await RunToEndAsync("flaky");
    }

    /// <summary>Runs a source and waits until the run log holds it finished and the grain reports it finished.</summary>
    public async Task<RunInfo> RunToEndAsync(string source)
    {
        var grain = Grains.GetGrain<ISourceGrain>(source);
        var started = await grain.TriggerRun();
        var store = Gateway.Services.GetRequiredService<IQueryStore>();
        await Eventually.Until(
            async () => (await store.QueryRunsAsync(new RunFilter(source, RunStatus.Running), new PageRequest(1, 1), CancellationToken.None)).TotalItems,
            running => running == 0, TimeSpan.FromSeconds(60), $"run of {source} to be logged as finished");

        // The grain logs the run first and lets it go a moment later: a call in between still sees it running.
        return await Eventually.Until(
            async () => (await grain.GetRun(started.RunId))!, run => run.Status != RunStatus.Running, TimeSpan.FromSeconds(60), $"run of {source} to be finished in its grain");
    }

    public async Task DisposeAsync()
    {
        Http.Dispose();
        await Gateway.DisposeAsync();
        await DropStoreAsync();
        Directory.Delete(_directory, recursive: true);
    }

    public static decimal AlphaPrice(int i) => i == 1 ? 1.75m : i + 0.5m;

    private static string AlphaCsv()
    {
        var text = new StringBuilder(Header);
        for (var i = 0; i < 30; i++)
        {
            var symbol = i == 7 ? "btc" : $"al{i}";
            var cap = i == 0 ? "" : (i * 1000).ToString(CultureInfo.InvariantCulture);
            text.Append(CultureInfo.InvariantCulture, $"a-{i:00},{symbol},Alpha {i},{i + 0.5m},{cap},{i * 10},{i % 5 - 2},2024-01-01T00:00:00Z\n");
        }

        text.Append("a-01,al1,Alpha 1,1.75,1000,10,-1,2024-01-01T01:00:00Z\n");
        text.Append("a-99,al99,Alpha 99,abc,1,1,1,2024-01-01T00:00:00Z\n");
        return text.ToString();
    }

    /// <summary>Three rows; <c>manual</c>'s are all invalid, so the run the write tests start adds no asset to the lists.</summary>
    private static string SmallCsv(string source) =>
        Header + string.Concat(Enumerable.Range(0, 3).Select(i =>
            $"{source}-{i},{source[..2]}{i},{source} {i},{(source == "manual" ? "abc" : (i + 1).ToString(CultureInfo.InvariantCulture))},{i + 1},1,0,2024-01-01T00:00:00Z\n"));

    private const string Header = "id,symbol,name,price,market_cap,volume_24h,price_change_24h,timestamp\n";

    private const string BetaCsv = Header + """
        bitcoin,btc,Bitcoin,43000,900000,1,1,2024-01-15T10:00:00Z
        ethereum,eth,Ethereum,2300,800000,1,1,2024-01-15T10:00:00Z
        solana,sol,Solana,98,700000,1,1,2024-01-15T10:00:00Z
        harmony,one,Harmony,0.02,600000,1,1,2024-01-15T10:00:00Z
        tether,usdt,Tether,1,500000,1,1,2024-01-15T10:00:00Z
        cardano,ada,Cardano,0.5,400000,1,1,2024-01-15T10:00:00Z

        """;
}

/// <summary>The fixture on the InMemory provider.</summary>
public sealed class InMemoryApiFixture : ApiFixture
{
    protected override Task<string?> CreateStoreAsync() => Task.FromResult<string?>(null);
}

/// <summary>The fixture on PostgreSQL: a database of its own, migrated by the gateway's silo at start.</summary>
public sealed class PostgresApiFixture : ApiFixture
{
    private string? _connectionString;

    protected override async Task<string?> CreateStoreAsync() => _connectionString = await TestPostgres.CreateDatabaseAsync("api");

    protected override Task DropStoreAsync() => _connectionString is null ? Task.CompletedTask : TestPostgres.DropDatabaseAsync(_connectionString);
}
