using Kasparro.IntegrationTests.Gateway;

namespace Kasparro.IntegrationTests.Api;

/// <summary>
/// A standalone InMemory gateway with keys of every scope — <c>reader</c> (read), <c>ops</c> (operate),
/// <c>boss</c> (admin, from a key file) and the older single key (<c>default</c>, admin) — reads
/// protected, and one small enabled CSV source, <c>scoped</c>, to run.
/// </summary>
public sealed class ScopedKeyFixture : IAsyncLifetime
{
    public const string ReaderKey = "reader-key-1";
    public const string OpsKey = "ops-key-2";
    public const string BossKey = "boss-key-3";
    public const string LegacyKey = "legacy-key-4";

    private string _directory = "";

    public GatewayFactory Gateway { get; private set; } = null!;

    public HttpClient Http { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        _directory = Directory.CreateTempSubdirectory("kasparro-keys").FullName;
        var csv = Path.Combine(_directory, "scoped.csv");
        await File.WriteAllTextAsync(csv, "id,symbol,name,price,market_cap,volume_24h,price_change_24h,timestamp\n"
            + "s-0,sc0,Scoped 0,1.5,10,1,0,2024-01-01T00:00:00Z\n");
        var bossFile = Path.Combine(_directory, "boss.key");
        await File.WriteAllTextAsync(bossFile, $"# the admin key\n{BossKey}\n");

        Gateway = GatewayFactory.Standalone(connectionString: null, extra: new Dictionary<string, string?>
        {
            ["Kasparro:Api:ApiKey"] = LegacyKey,
            ["Kasparro:Api:Keys:reader:Key"] = ReaderKey,
            ["Kasparro:Api:Keys:reader:Scope"] = "read",
            ["Kasparro:Api:Keys:ops:Key"] = OpsKey,
            ["Kasparro:Api:Keys:ops:Scope"] = "Operate",
            ["Kasparro:Api:Keys:boss:KeyFile"] = bossFile,
            ["Kasparro:Api:Keys:boss:Scope"] = "ADMIN",
            ["Kasparro:Api:RequireKeyForReads"] = "true",
            ["Kasparro:Sources:scoped:Kind"] = "Csv",
            ["Kasparro:Sources:scoped:Url"] = csv,
            ["Kasparro:Sources:scoped:Interval"] = "01:00:00",
        });
        Http = Gateway.CreateClient();
    }

    public async Task DisposeAsync()
    {
        Http.Dispose();
        await Gateway.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }
}
