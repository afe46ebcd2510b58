using System.Diagnostics;

namespace Kasparro.Tests.Deployment;

/// <summary>
/// deploy/local/postgres.sh only ever touches a folder it made: a mistyped path given to
/// <c>stop</c> (which deletes) or <c>start</c> (which chowns) is refused and left as it was.
/// </summary>
public sealed class PostgresScriptTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("kasparro-foreign").FullName;

    public PostgresScriptTests() => File.WriteAllText(Path.Combine(_folder, "precious.txt"), "keep me");

    [Theory]
    [InlineData("stop")]
    [InlineData("start")]
    public async Task A_folder_the_script_did_not_make_is_refused_and_left_alone(string command)
    {
        var (exitCode, error) = await RunAsync(command, _folder);

        Assert.Equal(2, exitCode);
        Assert.Contains("refusing", error, StringComparison.Ordinal);
        Assert.Equal("keep me", File.ReadAllText(Path.Combine(_folder, "precious.txt")));
        Assert.Single(Directory.EnumerateFileSystemEntries(_folder));
    }

    [Fact]
    public async Task Stopping_a_folder_that_does_not_exist_does_nothing()
    {
        var missing = Path.Combine(_folder, "never-made");
        var (exitCode, _) = await RunAsync("stop", missing);

        Assert.Equal(0, exitCode);
        Assert.False(Directory.Exists(missing));
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static async Task<(int ExitCode, string Error)> RunAsync(string command, string folder)
    {
        var start = new ProcessStartInfo("bash", [RepoFiles.PathOf("deploy/local/postgres.sh"), command, folder])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        var error = process.StandardError.ReadToEndAsync(timeout.Token);
        var output = process.StandardOutput.ReadToEndAsync(timeout.Token);
        await process.WaitForExitAsync(timeout.Token);
        await output;
        return (process.ExitCode, await error);
    }
}
