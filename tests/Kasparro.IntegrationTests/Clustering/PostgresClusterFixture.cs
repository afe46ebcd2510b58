using Kasparro.IntegrationTests.Infrastructure;

namespace Kasparro.IntegrationTests.Clustering;

/// <summary>
/// An empty database for one test class; the silos migrate it themselves when they start, as in
/// production. Each test uses its own cluster id so runs never meet.
/// </summary>
public sealed class PostgresClusterFixture : IAsyncLifetime
{
    public string ConnectionString { get; private set; } = "";

    public static string NewClusterId() => $"test-{Guid.NewGuid():N}"[..20];

    public async Task InitializeAsync() => ConnectionString = await TestPostgres.CreateDatabaseAsync("cluster");

    public Task DisposeAsync() => TestPostgres.DropDatabaseAsync(ConnectionString);
}
