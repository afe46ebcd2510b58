using System.Text.Json;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Kasparro.Tests.Deployment;

/// <summary>
/// Both overlays render only objects the Kubernetes 1.32 API accepts field by field, and the check
/// fails, naming the object and the path, on a misspelled field, a wrong type, a missing required
/// field or a kind it has no schema for.
/// </summary>
public sealed class KubernetesSchemaTests
{
    private static readonly Lazy<Kustomize> Dev = new(() => Kustomize.Render("deploy/k8s/overlays/dev"));

    public static TheoryData<string> Overlays => new() { "deploy/k8s/overlays/dev", "deploy/k8s/overlays/prod" };

    [Fact]
    public void The_vendored_definitions_are_Kubernetes_1_32_and_every_reference_resolves()
    {
        var schema = KubernetesSchema.Instance;
        Assert.StartsWith("v1.32.", schema.Version, StringComparison.Ordinal);
        var missing = References(schema.Definitions).Concat(schema.Kinds.Values)
            .Where(name => !schema.Definitions.TryGetProperty(name, out _)).Distinct().ToList();
        Assert.True(missing.Count == 0, "the trimmed file lost definitions: " + string.Join(", ", missing));
    }

    [KubectlTheory]
    [MemberData(nameof(Overlays))]
    public void Every_rendered_object_matches_the_schema_of_its_kind(string overlay)
    {
        var objects = Kustomize.Render(overlay).Nodes();
        Assert.NotEmpty(objects);
        var errors = objects.SelectMany(KubernetesSchema.Instance.Validate).ToList();
        Assert.True(errors.Count == 0, string.Join(Environment.NewLine, errors));
    }

    [KubectlFact]
    public void A_kind_or_api_version_without_a_schema_fails()
    {
        var deployment = Silo();
        deployment.Children[new YamlScalarNode("kind")] = new YamlScalarNode("Deploymnt");
        Assert.Contains("Deploymnt/kasparro-silo: no Kubernetes v1.32.0 schema for apiVersion \"apps/v1\" kind \"Deploymnt\"", Single(deployment), StringComparison.Ordinal);

        deployment = Silo();
        deployment.Children[new YamlScalarNode("apiVersion")] = new YamlScalarNode("apps/v1beta1");
        Assert.Contains("no Kubernetes v1.32.0 schema for apiVersion \"apps/v1beta1\" kind \"Deployment\"", Single(deployment), StringComparison.Ordinal);
    }

    [KubectlFact]
    public void A_misspelled_field_is_reported_with_its_path()
    {
        var deployment = Silo();
        var pod = Mapping(deployment, "spec", "template", "spec");
        Rename(pod, "containers", "contaners");
        var errors = KubernetesSchema.Instance.Validate(deployment);
        Assert.Contains("Deployment/kasparro-silo: spec.template.spec: unknown field \"contaners\"", errors);
        Assert.Contains("Deployment/kasparro-silo: spec.template.spec: missing required field \"containers\"", errors);

        deployment = Silo();
        Rename(Mapping(Container(deployment), "readinessProbe"), "httpGet", "httpGett");
        Assert.Equal("Deployment/kasparro-silo: spec.template.spec.containers[0].readinessProbe: unknown field \"httpGett\"", Single(deployment));
    }

    [KubectlFact]
    public void A_wrong_type_is_reported_with_its_path()
    {
        var deployment = Silo();
        Mapping(deployment, "spec").Children[new YamlScalarNode("replicas")] = new YamlScalarNode("two") { Style = ScalarStyle.DoubleQuoted };
        Assert.Equal("Deployment/kasparro-silo: spec.replicas: expected an integer, found a string (\"two\")", Single(deployment));

        deployment = Silo();
        Container(deployment).Children[new YamlScalarNode("image")] = new YamlScalarNode("42");
        Assert.Equal("Deployment/kasparro-silo: spec.template.spec.containers[0].image: expected a string, found a number (42)", Single(deployment));

        deployment = Silo(); // a Quantity may be a number; an int-or-string field a number or a string
        Mapping(Container(deployment), "resources", "requests").Children[new YamlScalarNode("cpu")] = new YamlScalarNode("1");
        Mapping(deployment, "spec", "strategy", "rollingUpdate").Children[new YamlScalarNode("maxUnavailable")] = new YamlScalarNode("25%");
        Assert.Empty(KubernetesSchema.Instance.Validate(deployment));

        deployment = Silo();
        Container(deployment).Children[new YamlScalarNode("env")] = new YamlMappingNode();
        Assert.Equal("Deployment/kasparro-silo: spec.template.spec.containers[0].env: expected an array, found an object", Single(deployment));
    }

    [KubectlFact]
    public void A_missing_required_field_is_reported_with_its_path()
    {
        var deployment = Silo();
        Container(deployment).Children.Remove(new YamlScalarNode("name"));
        Assert.Equal("Deployment/kasparro-silo: spec.template.spec.containers[0]: missing required field \"name\"", Single(deployment));
    }

    /// <summary>A fresh copy of the dev overlay's silo Deployment, valid as rendered.</summary>
    private static YamlMappingNode Silo()
    {
        var silo = Dev.Value.Nodes().Single(o => o.Children[new YamlScalarNode("kind")].ToString() == "Deployment"
            && Mapping(o, "metadata").Children[new YamlScalarNode("name")].ToString() == "kasparro-silo");
        Assert.Empty(KubernetesSchema.Instance.Validate(silo));
        return silo;
    }

    private static string Single(YamlMappingNode obj) => Assert.Single(KubernetesSchema.Instance.Validate(obj));

    private static YamlMappingNode Container(YamlMappingNode deployment) =>
        (YamlMappingNode)((YamlSequenceNode)Mapping(deployment, "spec", "template", "spec").Children[new YamlScalarNode("containers")]).Children[0];

    private static YamlMappingNode Mapping(YamlMappingNode node, params string[] keys) =>
        keys.Aggregate(node, (map, key) => (YamlMappingNode)map.Children[new YamlScalarNode(key)]);

    private static void Rename(YamlMappingNode map, string from, string to)
    {
        var value = map.Children[new YamlScalarNode(from)];
        map.Children.Remove(new YamlScalarNode(from));
        map.Children.Add(new YamlScalarNode(to), value);
    }

    private static IEnumerable<string> References(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => element.EnumerateObject().SelectMany(p =>
            p.Name == "$ref" ? [p.Value.GetString()!["#/definitions/".Length..]] : References(p.Value)),
        JsonValueKind.Array => element.EnumerateArray().SelectMany(References),
        _ => [],
    };
}
