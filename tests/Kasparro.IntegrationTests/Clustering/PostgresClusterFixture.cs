using Kasparro.IntegrationTests.Infrastructure;

namespace Kasparro.IntegrationTests.Clustering;

/// <summary>
/// An empty database for one test class; the silos migrate it themselves when they start, as in
/// production. Each test uses its own cluster id so runs never meet.
/// </summary>
public sealed class PostgresClusterFixture : IAsyncLifetime
{
    private readonly List<string> _extra = [];

    public string ConnectionString { get; private set; } = "";

    public static string NewClusterId() => $"test-{Guid.NewGuid():N}"[..20];

    /// <summary>
    /// A database for one test alone. The ETL tables are per database (one database is one
    /// service), so tests that compare stored rows must not share one.
    /// </summary>
    public async Task<string> NewDatabaseAsync()
    {
        var cs = await TestPostgres.CreateDatabaseAsync("test");
        lock (_extra)
        {
            _extra.Add(cs);
        }

        return cs;
    }

    public async Task InitializeAsync() => ConnectionString = await TestPostgres.CreateDatabaseAsync("cluster");

    public async Task DisposeAsync()
    {
        foreach (var cs in _extra.Append(ConnectionString))
        {
            await TestPostgres.DropDatabaseAsync(cs);
        }
    }
}
