using Kasparro.Grains.Storage;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Kasparro.IntegrationTests.Infrastructure;

/// <summary>
/// The PostgreSQL server the integration tests use, named by the KASPARRO_TEST_PG connection string
/// (tests/run.sh starts a throwaway server and sets it). Every fixture gets a database of its own,
/// so test classes never see each other's rows and can run in parallel.
/// </summary>
public static class TestPostgres
{
    public const string EnvironmentVariable = "KASPARRO_TEST_PG";

    public static string ServerConnectionString =>
        Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } cs
            ? cs
            : throw new InvalidOperationException(
                $"These tests need PostgreSQL: set {EnvironmentVariable} to a connection string of a role that may create " +
                "databases, or run tests/run.sh, which starts a throwaway server.");

    /// <summary>Creates an empty UTF8 database and returns its connection string.</summary>
    public static async Task<string> CreateDatabaseAsync(string prefix)
    {
        var name = $"k_{prefix}_{Guid.NewGuid():N}"[..Math.Min(63, prefix.Length + 35)].ToLowerInvariant();
        await using (var connection = new NpgsqlConnection(ServerConnectionString))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand(
                $"CREATE DATABASE \"{name}\" TEMPLATE template0 ENCODING 'UTF8'", connection);
            await create.ExecuteNonQueryAsync();
        }

        return new NpgsqlConnectionStringBuilder(ServerConnectionString) { Database = name }.ConnectionString;
    }

    /// <summary>Creates a database and applies every migration to it.</summary>
    public static async Task<string> CreateMigratedDatabaseAsync(string prefix)
    {
        var cs = await CreateDatabaseAsync(prefix);
        await SchemaMigrator.MigrateAsync(cs, NullLogger.Instance);
        return cs;
    }

    /// <summary>Runs one query and returns its single value.</summary>
    public static async Task<T> ScalarAsync<T>(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>Runs statements in one database.</summary>
    public static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>Runs one statement as the server's administrative role.</summary>
    public static async Task AdminAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(ServerConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    public static async Task DropDatabaseAsync(string connectionString)
    {
        var name = new NpgsqlConnectionStringBuilder(connectionString).Database;
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(ServerConnectionString);
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", connection);
        await drop.ExecuteNonQueryAsync();
    }
}

/// <summary>A fresh, fully migrated database for one test class.</summary>
public sealed class MigratedDatabaseFixture : IAsyncLifetime
{
    public string ConnectionString { get; private set; } = "";

    public async Task InitializeAsync() => ConnectionString = await TestPostgres.CreateMigratedDatabaseAsync("schema");

    public Task DisposeAsync() => TestPostgres.DropDatabaseAsync(ConnectionString);
}
