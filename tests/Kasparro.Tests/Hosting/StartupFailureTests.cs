using Kasparro.Grains.Configuration;
using Kasparro.Grains.Storage;
using Kasparro.Hosting;
using Npgsql;

namespace Kasparro.Tests.Hosting;

public sealed class StartupFailureTests
{
    [Fact]
    public void Finds_a_configuration_error_wrapped_by_the_host()
    {
        var root = new KasparroConfigurationException("Kasparro:Storage:Provider is wrong");
        var wrapped = new InvalidOperationException("lifecycle failed", new AggregateException(new TimeoutException(), root));

        Assert.Same(root, StartupFailure.Find(wrapped));
    }

    [Fact]
    public void Other_errors_are_not_configuration_errors()
    {
        Assert.Null(StartupFailure.Find(new InvalidOperationException("boom", new TimeoutException())));
    }

    [Fact]
    public async Task A_configuration_error_exits_with_the_documented_code()
    {
        var code = await StartupFailure.GuardAsync(() => throw new KasparroConfigurationException("bad"));

        Assert.Equal(StartupFailure.ExitCode, code);
    }

    [Fact]
    public async Task Other_errors_propagate()
    {
        await Assert.ThrowsAsync<TimeoutException>(() => StartupFailure.GuardAsync(() => throw new TimeoutException()));
    }

    [Fact]
    public void A_database_failure_while_starting_is_one_line_naming_the_cause()
    {
        var refused = new NpgsqlException(
            "Failed to connect to 127.0.0.1:5432", new System.Net.Sockets.SocketException((int)System.Net.Sockets.SocketError.ConnectionRefused));
        var wrapped = new InvalidOperationException("lifecycle start cancelled", new AggregateException(refused));

        var line = StartupFailure.Describe(wrapped);

        Assert.NotNull(line);
        Assert.StartsWith("database error: the PostgreSQL database named by ConnectionStrings:Kasparro failed while starting: Failed to connect to 127.0.0.1:5432: ", line, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', line);
    }

    [Fact]
    public void A_failed_migration_is_described_by_its_own_message()
    {
        var server = new PostgresException("relation \"orleansquery\" already exists", "ERROR", "ERROR", "42P07");
        var migration = SchemaMigrationException.For("0001_orleans_query_registry.sql", server);

        Assert.Equal(
            "database error: Schema migration 0001_orleans_query_registry.sql failed: 42P07: relation \"orleansquery\" already exists",
            StartupFailure.Describe(new InvalidOperationException("start failed", migration)));
    }

    [Fact]
    public void A_migration_that_failed_before_any_script_says_so_instead_of_an_empty_name()
    {
        var migration = SchemaMigrationException.For(null, new NpgsqlException("Failed to connect to 10.0.0.5:5432"));

        Assert.Null(migration.Script);
        Assert.Equal(
            "Schema migration failed before any script ran (reading the journal kasparro_schema_journal): Failed to connect to 10.0.0.5:5432",
            migration.Message);
    }

    [Fact]
    public async Task A_database_failure_exits_with_the_documented_code()
    {
        var code = await StartupFailure.GuardAsync(() => throw new InvalidOperationException("x", new NpgsqlException("Connection refused")));

        Assert.Equal(StartupFailure.ExitCode, code);
    }
}
