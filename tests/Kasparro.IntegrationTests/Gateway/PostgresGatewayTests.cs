using System.Net;
using System.Text.Json;
using Kasparro.Grains.Storage;
using Kasparro.IntegrationTests.Clustering;
using Kasparro.IntegrationTests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Kasparro.IntegrationTests.Gateway;

/// <summary>The gateway on PostgreSQL: migrations at start, health against the database, client mode.</summary>
public sealed class PostgresGatewayTests(PostgresClusterFixture db) : IClassFixture<PostgresClusterFixture>
{
    [Fact]
    public async Task First_start_creates_the_schema_and_a_second_start_applies_nothing()
    {
        await using (var first = GatewayFactory.Standalone(db.ConnectionString))
        {
            using var http = first.CreateClient();
            Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(new Uri("/health", UriKind.Relative))).StatusCode);
        }

        var journal = await ScalarAsync<long>($"SELECT count(*) FROM {SchemaMigrator.JournalTable}");
        Assert.Equal(SchemaMigrator.ScriptNames.Count, journal);
        foreach (var table in new[] { "orleansquery", "orleansmembershiptable", "orleansmembershipversiontable", "orleansstorage", "orleansreminderstable", "assets", "run_log" })
        {
            Assert.True(await ScalarAsync<bool>($"SELECT to_regclass('public.{table}') IS NOT NULL"), $"table {table} is missing");
        }

        await using (var second = GatewayFactory.Standalone(db.ConnectionString))
        {
            using var http = second.CreateClient();
            Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(new Uri("/health", UriKind.Relative))).StatusCode);
        }

        Assert.Equal(journal, await ScalarAsync<long>($"SELECT count(*) FROM {SchemaMigrator.JournalTable}"));
        Assert.Empty(await SchemaMigrator.MigrateAsync(db.ConnectionString, NullLogger.Instance));
    }

    [Fact]
    public async Task Health_is_503_with_the_reason_when_the_database_goes_away()
    {
        var database = new NpgsqlConnectionStringBuilder(db.ConnectionString).Database!;
        await using var gateway = GatewayFactory.Standalone(db.ConnectionString);
        using var http = gateway.CreateClient();

        using (var healthy = await http.GetAsync(new Uri("/health", UriKind.Relative)))
        {
            using var doc = JsonDocument.Parse(await healthy.Content.ReadAsStringAsync());
            Assert.Equal(HttpStatusCode.OK, healthy.StatusCode);
            Assert.True(doc.RootElement.GetProperty("database_reachable").GetBoolean());
        }

        await TestPostgres.AdminAsync($"ALTER DATABASE \"{database}\" ALLOW_CONNECTIONS false");
        try
        {
            await TestPostgres.AdminAsync($"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{database}'");
            NpgsqlConnection.ClearAllPools();

            using var down = await http.GetAsync(new Uri("/health", UriKind.Relative));
            var body = await down.Content.ReadAsStringAsync();
            using var doc = JsonDocument.Parse(body);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, down.StatusCode);
            Assert.Equal("application/json", down.Content.Headers.ContentType?.MediaType);
            Assert.Equal("unhealthy", doc.RootElement.GetProperty("status").GetString());
            Assert.False(doc.RootElement.GetProperty("database_reachable").GetBoolean());
            Assert.Contains(doc.RootElement.GetProperty("problems").EnumerateArray(),
                p => p.GetString()!.StartsWith("database unreachable", StringComparison.Ordinal));

            // Where the database lives is not every caller's business: no host or port.
            var where = new NpgsqlConnectionStringBuilder(db.ConnectionString);
            Assert.DoesNotContain($"{where.Host}:{where.Port}", body, StringComparison.Ordinal);
            Assert.DoesNotContain($"Port={where.Port}", body, StringComparison.Ordinal);
        }
        finally
        {
            await TestPostgres.AdminAsync($"ALTER DATABASE \"{database}\" ALLOW_CONNECTIONS true");
        }
    }

    [Fact]
    public async Task Client_mode_joins_the_silos_found_in_the_database()
    {
        var clusterId = PostgresClusterFixture.NewClusterId();
        await using var silo = await TestSilo.StartNetworkedAsync(clusterId, db.ConnectionString);
        await using var gateway = GatewayFactory.Client(clusterId, db.ConnectionString);
        using var http = gateway.CreateClient();

        using var root = JsonDocument.Parse(await http.GetStringAsync(new Uri("/", UriKind.Relative)));
        Assert.Equal("client", root.RootElement.GetProperty("mode").GetString());

        using var health = await http.GetAsync(new Uri("/health", UriKind.Relative));
        using var doc = JsonDocument.Parse(await health.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal(1, doc.RootElement.GetProperty("active_silos").GetInt32());
        Assert.True(doc.RootElement.GetProperty("database_reachable").GetBoolean());
    }

    private Task<T> ScalarAsync<T>(string sql) => TestPostgres.ScalarAsync<T>(db.ConnectionString, sql);
}
