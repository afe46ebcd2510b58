using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;

namespace Kasparro.IntegrationTests.Api;

/// <summary>
/// The gateway compiles against the grain contracts and the hosting wiring (Kasparro.Hosting) only:
/// rules live in the grains, so no type of theirs (sources, storage, configuration, normalization,
/// ...) is the gateway's to use.
/// </summary>
public sealed class GatewayReferencesTests
{
    private static readonly string[] Allowed = ["Kasparro.Grains.Interfaces"];

    [Fact]
    public void The_api_references_no_grain_type_beyond_the_contracts()
    {
        var referenced = ReferencedTypes(typeof(Program).Assembly.Location);

        Assert.Contains(referenced, t => t.StartsWith("Kasparro.Grains.Interfaces.", StringComparison.Ordinal)); // the reading works
        var outside = referenced
            .Where(t => t.StartsWith("Kasparro.Grains.", StringComparison.Ordinal))
            .Where(t => !Allowed.Any(ns => t.StartsWith(ns + ".", StringComparison.Ordinal)))
            .Order(StringComparer.Ordinal)
            .ToArray();
        Assert.True(outside.Length == 0, $"Api references {string.Join(", ", outside)}");
    }

    /// <summary>The full names of the types an assembly's metadata refers to (its TypeRef table: every use of another assembly's type).</summary>
    private static List<string> ReferencedTypes(string path)
    {
        using var stream = File.OpenRead(path);
        using var pe = new PEReader(stream);
        var metadata = pe.GetMetadataReader();
        var names = new List<string>();
        foreach (var handle in metadata.TypeReferences)
        {
            var type = metadata.GetTypeReference(handle);
            var ns = metadata.GetString(type.Namespace);
            // A nested type's namespace is its declaring type's.
            var scope = type;
            while (ns.Length == 0 && scope.ResolutionScope.Kind == HandleKind.TypeReference)
            {
                scope = metadata.GetTypeReference((TypeReferenceHandle)scope.ResolutionScope);
                ns = metadata.GetString(scope.Namespace);
            }

            names.Add($"{ns}.{metadata.GetString(type.Name)}");
        }

        return names;
    }
}
