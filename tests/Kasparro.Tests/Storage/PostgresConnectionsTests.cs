using Kasparro.Grains.Configuration;
using Kasparro.Grains.Storage;
using Kasparro.Hosting;
using Microsoft.Extensions.Configuration;
using Npgsql;

namespace Kasparro.Tests.Storage;

/// <summary>Which timeouts each kind of connection gets from <c>Kasparro:Storage:*</c>.</summary>
public sealed class PostgresConnectionsTests
{
    private static readonly StorageOptions Settings = KasparroOptions.ReadStorage(new ConfigurationBuilder()
        .AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Kasparro:Storage:Provider"] = "Postgres",
            // The settings win over timeouts the connection string names.
            ["ConnectionStrings:Kasparro"] = "Host=db;Database=k;Command Timeout=300;Timeout=60",
            ["Kasparro:Storage:ConnectTimeout"] = "00:00:20",
            ["Kasparro:Storage:CommandTimeout"] = "00:00:03",
            ["Kasparro:Storage:WriteTimeout"] = "00:10:00",
        })
        .Build());

    [Fact]
    public void Commands_connect_and_run_within_the_command_timeout()
    {
        var b = new NpgsqlConnectionStringBuilder(PostgresConnections.Commands(Settings));

        Assert.Equal((3, 3, "db", "k"), (b.Timeout, b.CommandTimeout, b.Host, b.Database));
    }

    [Fact]
    public void Batch_writes_connect_as_quickly_and_run_as_long_as_the_write_timeout()
    {
        var b = new NpgsqlConnectionStringBuilder(PostgresConnections.BatchWrites(Settings));

        Assert.Equal((3, 600), (b.Timeout, b.CommandTimeout));
    }

    [Fact]
    public void Migrations_connect_as_patiently_as_start_up_and_run_as_long_as_the_write_timeout()
    {
        var b = new NpgsqlConnectionStringBuilder(PostgresConnections.Migrations(Settings));

        Assert.Equal((20, 600), (b.Timeout, b.CommandTimeout));
    }
}
