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
    public void Format_and_container_jobs_cover_both_dockerfiles_and_scan_them()
    {
        Assert.Contains(Runs("format"), r => r.Contains("dotnet format Kasparro.Orleans.sln --verify-no-changes", StringComparison.Ordinal));
        Assert.Contains("dotnet format Kasparro.Orleans.sln --verify-no-changes", Read(".ci/run"));

        var images = List(Map(Map(Jobs["containers"], "strategy"), "matrix"), "image").Cast<string>().ToList();
        Assert.Equal(["api", "silo"], images.Order());
        Assert.All(images, i => Assert.True(File.Exists(PathOf($"deploy/docker/{i}.Dockerfile"))));
        var uses = List(Jobs["containers"], "steps").Select(s => Text(s, "uses")).OfType<string>().ToList();
        Assert.Contains(uses, u => u.StartsWith("docker/build-push-action@", StringComparison.Ordinal));
        Assert.Contains(uses, u => u.StartsWith("aquasecurity/trivy-action@", StringComparison.Ordinal));
    }
}
