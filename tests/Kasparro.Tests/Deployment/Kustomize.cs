using System.Diagnostics;
using YamlDotNet.RepresentationModel;
using static Kasparro.Tests.Deployment.RepoFiles;

namespace Kasparro.Tests.Deployment;

/// <summary>Renders an overlay with <c>kubectl kustomize</c> and indexes the objects by kind and name.</summary>
internal sealed class Kustomize
{
    private Kustomize(string rendered)
    {
        Rendered = rendered;
        Objects = YamlDocuments(rendered).Cast<Dictionary<string, object?>>().ToList();
    }

    /// <summary>The rendered YAML, as <c>kubectl kustomize</c> printed it.</summary>
    public string Rendered { get; }

    public List<Dictionary<string, object?>> Objects { get; }

    /// <summary>The rendered objects as YAML nodes, which keep each scalar's style (so its type); a fresh copy each call.</summary>
    public List<YamlMappingNode> Nodes() => YamlNodes(Rendered);

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
        return new Kustomize(stdout.Result);
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

/// <summary>A fact that is skipped, saying why, where kubectl is not installed.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class KubectlFactAttribute : FactAttribute
{
    public KubectlFactAttribute()
    {
        if (!Kustomize.Available)
        {
            Skip = KubectlTheoryAttribute.Missing;
        }
    }
}

/// <summary>A theory that is skipped, saying why, where kubectl is not installed.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class KubectlTheoryAttribute : TheoryAttribute
{
    internal const string Missing = "kubectl is not on PATH: the Kubernetes manifests cannot be rendered here (install kubectl to run these tests).";

    public KubectlTheoryAttribute()
    {
        if (!Kustomize.Available)
        {
            Skip = Missing;
        }
    }
}
