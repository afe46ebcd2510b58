using static Kasparro.Tests.Deployment.RepoFiles;

namespace Kasparro.Tests.Deployment;

/// <summary>The GitHub workflow cannot run here; these keep it in step with .ci/run and the Dockerfiles.</summary>
public sealed class CiWorkflowTests
{
    private static readonly Dictionary<string, object?> Jobs = Map(Yaml(".github/workflows/ci.yml"), "jobs");

    private static IEnumerable<string> Runs(string job) => List(Jobs[job], "steps").Select(s => Text(s, "run")).OfType<string>();

    [Fact]
    public void The_test_job_builds_with_warnings_as_errors_and_runs_the_same_command_as_ci_run()
    {
        Assert.Contains(Runs("build-and-test"), r => r.Contains("dotnet build Kasparro.Orleans.sln -c Release -warnaserror", StringComparison.Ordinal));
        Assert.Contains("bash .ci/run", Runs("build-and-test"));
        Assert.Contains("bash tests/run.sh", Read(".ci/run"));

        var pg = List(Jobs["build-and-test"], "steps").Select(s => Text(Map(s, "env"), "KASPARRO_TEST_PG")).OfType<string>().Single();
        var service = Map(Map(Jobs["build-and-test"], "services"), "postgres");
        Assert.Contains($"Password={Text(Map(service, "env"), "POSTGRES_PASSWORD")}", pg);
        Assert.Contains("5432:5432", List(service, "ports").Cast<string>());
    }

    [Fact]
    public void Format_and_container_jobs_cover_both_images_scan_them_and_run_the_smoke_test()
    {
        Assert.Contains(Runs("format"), r => r.Contains("dotnet format Kasparro.Orleans.sln --verify-no-changes", StringComparison.Ordinal));
        Assert.Contains("dotnet format Kasparro.Orleans.sln --verify-no-changes", Read(".ci/run"));

        var targets = List(Map(Map(Jobs["containers"], "strategy"), "matrix"), "target").Cast<string>().ToList();
        Assert.Equal(["api", "silo"], targets.Order());
        Assert.All(targets, t => Assert.Contains($" AS {t}\n", Read("deploy/docker/Dockerfile")));
        var steps = List(Jobs["containers"], "steps");
        var build = steps.Single(s => Text(s, "uses")?.StartsWith("docker/build-push-action@", StringComparison.Ordinal) == true);
        Assert.Equal("deploy/docker/Dockerfile", Text(Map(build, "with"), "file"));
        Assert.Equal("${{ matrix.target }}", Text(Map(build, "with"), "target"));
        Assert.Contains(steps, s => Text(s, "uses")?.StartsWith("aquasecurity/trivy-action@", StringComparison.Ordinal) == true);

        // The smoke test runs once, in its own job; .ci/run runs it where no such job exists.
        Assert.Contains("bash deploy/local/containers.sh", Runs("container-smoke"));
        var smoke = List(Jobs["container-smoke"], "steps").Single(s => Text(s, "run") == "bash deploy/local/containers.sh");
        Assert.Equal("0", Text(Map(smoke, "env"), "KASPARRO_OFFLINE"));
        var testEnv = List(Jobs["build-and-test"], "steps").Select(s => Map(s, "env")).Single(e => e.ContainsKey("KASPARRO_TEST_PG"));
        Assert.Equal("0", Text(testEnv, "KASPARRO_CONTAINER_SMOKE"));
        Assert.Contains("deploy/local/containers.sh", Read(".ci/run"));
    }
}
