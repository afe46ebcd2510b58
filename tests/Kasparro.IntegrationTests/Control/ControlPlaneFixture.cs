using Kasparro.IntegrationTests.Gateway;

namespace Kasparro.IntegrationTests.Control;

/// <summary>
/// A standalone gateway on PostgreSQL (the audit trail is the real table)
/// with an admin key (<c>admin</c>), an operate key (<c>ops</c>), a read key (<c>reader</c>), one source
/// configuration declares (<c>declared</c>) and a folder of CSV files for sources created through the API.
/// </summary>
public sealed class ControlPlaneFixture : IAsyncLifetime
{
    public const string AdminKey = "cp-admin-key";
    public const string OpsKey = "cp-ops-key";
    public const string ReaderKey = "cp-reader-key";
    public const string Header = "X-API-Key";

    public GatewayFactory Gateway { get; private set; } = null!;

    public HttpClient Http { get; private set; } = null!;

    public string Directory { get; private set; } = "";

    private string? _database;

    public async Task InitializeAsync()
    {
        Directory = System.IO.Directory.CreateTempSubdirectory("kasparro-control").FullName;
        var declared = Csv("declared.csv", 3);
        _database = await Infrastructure.TestPostgres.CreateDatabaseAsync("control");
        Gateway = GatewayFactory.Standalone(connectionString: _database, extra: new Dictionary<string, string?>
        {
            ["Kasparro:Api:Keys:admin:Key"] = AdminKey,
            ["Kasparro:Api:Keys:admin:Scope"] = "admin",
            ["Kasparro:Api:Keys:ops:Key"] = OpsKey,
            ["Kasparro:Api:Keys:ops:Scope"] = "operate",
            ["Kasparro:Api:Keys:reader:Key"] = ReaderKey,
            ["Kasparro:Api:Keys:reader:Scope"] = "read",
            ["Kasparro:Sources:declared:Kind"] = "Csv",
            ["Kasparro:Sources:declared:Url"] = declared,
            ["Kasparro:Sources:declared:Interval"] = "01:00:00",
        });
        Http = Gateway.CreateClient();
    }

    /// <summary>A CSV file of <paramref name="rows"/> assets in the fixture's folder; its path.</summary>
    public string Csv(string name, int rows, int from = 0)
    {
        var lines = Enumerable.Range(from, rows).Select(i =>
            $"{name[..1]}-{i:D4},S{i},Coin {i},{i + 1}.5,{(i + 1) * 1000},10,0.1,2024-01-01T00:00:00Z");
        var path = Path.Combine(Directory, name);
        File.WriteAllLines(path, ["id,symbol,name,price,market_cap,volume_24h,price_change_24h,timestamp", .. lines]);
        return path;
    }

    public async Task DisposeAsync()
    {
        Http.Dispose();
        await Gateway.DisposeAsync();
        if (_database is not null)
        {
            await Infrastructure.TestPostgres.DropDatabaseAsync(_database);
        }

        System.IO.Directory.Delete(Directory, recursive: true);
    }
}
