using System.Diagnostics;
using static Kasparro.Tests.Deployment.RepoFiles;

namespace Kasparro.Tests.Deployment;

/// <summary>Renders an overlay with <c>kubectl kustomize</c> and indexes the objects by kind and name.</summary>
internal sealed class Kustomize
{
    private Kustomize(List<Dictionary<string, object?>> objects) => Objects = objects;

    public List<Dictionary<string, object?>> Objects { get; }

    public static bool Available => Find() is not null;

    public static Kustomize Render(string overlay)
    {
        var kubectl = Find() ?? throw new InvalidOperationException("kubectl is not on PATH");
        var start = new ProcessStartInfo(kubectl, ["kustomize", PathOf(overlay)])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"kubectl kustomize {overlay} failed: {stderr}");
        return new Kustomize(YamlDocuments(stdout.Result).Cast<Dictionary<string, object?>>().ToList());
    }

    public Dictionary<string, object?> Get(string kind, string name) =>
        Objects.SingleOrDefault(o => Text(o, "kind") == kind && Text(Map(o, "metadata"), "name") == name)
        ?? throw new Xunit.Sdk.XunitException($"no {kind} {name} in the rendered overlay");

    public bool Has(string kind, string name) => Objects.Any(o => Text(o, "kind") == kind && Text(Map(o, "metadata"), "name") == name);

    private static string? Find() =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator)
            .Select(d => Path.Combine(d, "kubectl"))
            .FirstOrDefault(File.Exists);
}

/// <summary>A theory that is skipped, saying why, where kubectl is not installed.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class KubectlTheoryAttribute : TheoryAttribute
{
    public KubectlTheoryAttribute()
    {
        if (!Kustomize.Available)
        {
            Skip = "kubectl is not on PATH: the Kubernetes manifests cannot be rendered here (install kubectl to run these tests).";
        }
    }
}
