using System.Diagnostics;
using System.Globalization;
using Kasparro.Grains.Configuration;
using Kasparro.Grains.Storage;
using Kasparro.Hosting;
using Kasparro.IntegrationTests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit.Abstractions;

namespace Kasparro.IntegrationTests.Faults;

/// <summary>
/// The real Silo and Api processes started while the database refuses, goes away part-way through
/// the start (after the reachability check: during the migrations, or during Orleans' own start),
/// or refuses a migration script: each ends with exit code 2 and one <c>kasparro:</c> line on
/// stderr naming the cause, never a stack trace or an abort.
/// </summary>
public sealed class StartupDatabaseFailureTests(ITestOutputHelper output)
{
    private static readonly TimeSpan ExitWithin = TimeSpan.FromSeconds(90);

    [Theory]
    [InlineData("Silo")]
    [InlineData("Api")]
    public async Task A_refusing_database_ends_the_start_with_one_line_and_exit_code_2(string host)
    {
        var cs = await TestPostgres.CreateDatabaseAsync("start");
        try
        {
            await using var proxy = TcpFaultProxy.Start(cs);
            proxy.Refuse();

            var run = await RunAsync(host, proxy.Through(cs));

            var line = AssertOneLineExit(run, host, output);
            Assert.Contains("Cannot reach the PostgreSQL database named by ConnectionStrings:Kasparro", line, StringComparison.Ordinal);
        }
        finally
        {
            await TestPostgres.DropDatabaseAsync(cs);
        }
    }

    [Theory]
    [InlineData("Silo")]
    [InlineData("Api")]
    public async Task A_database_that_goes_away_during_the_migrations_ends_the_start_with_one_line_and_exit_code_2(string host)
    {
        var cs = await TestPostgres.CreateDatabaseAsync("start");
        try
        {
            await using var proxy = TcpFaultProxy.Start(cs);
            // The reachability check and the migrations' lock get through; the migrator's own connection is refused.
            proxy.RefuseAfter(2);

            var run = await RunAsync(host, proxy.Through(cs));

            var line = AssertOneLineExit(run, host, output);
            Assert.Contains($"database error: Schema migration failed before any script ran (reading the journal {SchemaMigrator.JournalTable})", line, StringComparison.Ordinal);
            Assert.DoesNotContain("''", line, StringComparison.Ordinal);
        }
        finally
        {
            await TestPostgres.DropDatabaseAsync(cs);
        }
    }

    [Fact]
    public async Task A_database_that_goes_away_during_Orleans_start_ends_it_with_one_line_and_exit_code_2()
    {
        var cs = await TestPostgres.CreateMigratedDatabaseAsync("start");
        try
        {
            await using var proxy = TcpFaultProxy.Start(cs);
            // Migrations are off: after the reachability check, the next connection is Orleans' membership table's.
            proxy.RefuseAfter(1);

            var run = await RunAsync("Silo", proxy.Through(cs), new() { ["Kasparro__Storage__MigrateOnStart"] = "false" });

            var line = AssertOneLineExit(run, "Silo", output);
            Assert.Contains("database error: the PostgreSQL database named by ConnectionStrings:Kasparro failed while starting", line, StringComparison.Ordinal);
        }
        finally
        {
            await TestPostgres.DropDatabaseAsync(cs);
        }
    }

    [Fact]
    public async Task A_failing_migration_script_is_named()
    {
        var cs = await TestPostgres.CreateDatabaseAsync("start");
        try
        {
            // A table of the first script's name that is not the script's: creating it fails.
            await TestPostgres.ExecuteAsync(cs, "CREATE TABLE orleansquery (unrelated int)");

            var error = await Assert.ThrowsAsync<SchemaMigrationException>(() => SchemaMigrator.MigrateAsync(cs, NullLogger.Instance));
            Assert.Equal("0001_orleans_query_registry.sql", error.Script);
            Assert.StartsWith("Schema migration 0001_orleans_query_registry.sql failed: 42P07", error.Message, StringComparison.Ordinal);

            var run = await RunAsync("Silo", cs);
            var line = AssertOneLineExit(run, "Silo", output);
            Assert.Contains("Schema migration 0001_orleans_query_registry.sql failed", line, StringComparison.Ordinal);
        }
        finally
        {
            await TestPostgres.DropDatabaseAsync(cs);
        }
    }

    /// <summary>Exit code 2, one line on stderr beginning <c>kasparro: </c>, no stack trace anywhere in it; returns the line.</summary>
    internal static string AssertOneLineExit((int ExitCode, string Stdout, string Stderr) run, string host, ITestOutputHelper output)
    {
        output.WriteLine($"{host} exited with {run.ExitCode}; stderr:\n{run.Stderr}");
        var lines = run.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.True(run.ExitCode == StartupFailure.ExitCode, $"{host} exited with {run.ExitCode}\nstderr:\n{run.Stderr}\nstdout (end):\n{Tail(run.Stdout)}");
        Assert.True(lines.Length == 1, $"{host} wrote {lines.Length} lines to stderr:\n{run.Stderr}");
        Assert.StartsWith("kasparro: ", lines[0], StringComparison.Ordinal);
        Assert.DoesNotContain("Unhandled exception", run.Stdout + run.Stderr, StringComparison.Ordinal);
        return lines[0];
    }

    private static string Tail(string text) => string.Join('\n', text.Split('\n').TakeLast(40));

    /// <summary>Runs a host process to its end against <paramref name="connectionString"/>, as a deployment configures it.</summary>
    internal static async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(
        string host, string connectionString, Dictionary<string, string>? extra = null)
    {
        var clusterId = $"start-{Guid.NewGuid():N}"[..20];
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(host == "Silo" ? SiloProcess.SiloDll : SiloProcess.GatewayDll);
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add($"http://127.0.0.1:{FreePorts.Next()}");
        var environment = new Dictionary<string, string>
        {
            ["DOTNET_NOLOGO"] = "1",
            ["Kasparro__Storage__Provider"] = "Postgres",
            ["ConnectionStrings__Kasparro"] = connectionString,
            ["Kasparro__Cluster__ClusterId"] = clusterId,
            ["Kasparro__Cluster__ServiceId"] = $"svc-{clusterId}",
            ["Kasparro__Cluster__SiloPort"] = FreePorts.Next().ToString(CultureInfo.InvariantCulture),
            ["Kasparro__Cluster__GatewayPort"] = FreePorts.Next().ToString(CultureInfo.InvariantCulture),
            // On one machine, as SiloProcess does: loopback explicitly, not this machine's interface address.
            [SiloProcess.AdvertisedAddressKey] = "127.0.0.1",
            ["Kasparro__Sources__csv__Enabled"] = "false",
            ["Kasparro__Sources__coingecko__Enabled"] = "false",
            ["Kasparro__Sources__rss__Enabled"] = "false",
            [StorageOptions.ConnectTimeoutKey.Replace(":", "__", StringComparison.Ordinal)] = TestSilo.ConnectTimeout,
        };
        foreach (var (key, value) in extra ?? [])
        {
            environment[key] = value;
        }

        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(ExitWithin);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            throw new TimeoutException($"{host} was still running {ExitWithin.TotalSeconds:0} s after it started:\n{Tail(await stdout)}");
        }

        return (process.ExitCode, await stdout, await stderr);
    }
}
