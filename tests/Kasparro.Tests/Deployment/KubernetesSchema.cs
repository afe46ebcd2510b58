using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Kasparro.Tests.Deployment;

/// <summary>
/// Checks rendered Kubernetes objects against the vendored API definitions
/// (<c>schemas/kubernetes-1.32.json</c>, see the README there): every field must be one the API
/// knows (unknown fields are errors, as the API server's strict field validation makes them), of
/// its type, with the required fields present. YAML scalars are typed as the API server's YAML
/// reader types them, so <c>replicas: "2"</c> is a string and <c>replicas: 2</c> an integer.
/// </summary>
internal sealed partial class KubernetesSchema
{
    public const string File = "tests/Kasparro.Tests/Deployment/schemas/kubernetes-1.32.json";

    private static readonly Lazy<KubernetesSchema> Loaded = new(() => new KubernetesSchema(JsonDocument.Parse(RepoFiles.Read(File)).RootElement));

    private readonly JsonElement _definitions;
    private readonly Dictionary<string, string> _kinds;

    private KubernetesSchema(JsonElement root)
    {
        Version = root.GetProperty("kubernetes").GetString()!;
        _definitions = root.GetProperty("definitions");
        _kinds = root.GetProperty("kinds").EnumerateObject().ToDictionary(k => k.Name, k => k.Value.GetString()!);
    }

    public static KubernetesSchema Instance => Loaded.Value;

    /// <summary>The Kubernetes version the definitions come from, e.g. <c>v1.32.0</c>.</summary>
    public string Version { get; }

    public JsonElement Definitions => _definitions;

    public IReadOnlyDictionary<string, string> Kinds => _kinds;

    /// <summary>Every problem of one object, each as <c>Kind/name: path: what</c>; empty when it is valid.</summary>
    public List<string> Validate(YamlMappingNode obj)
    {
        var apiVersion = Scalar(obj, "apiVersion");
        var kind = Scalar(obj, "kind");
        var name = (obj.Children.TryGetValue(new YamlScalarNode("metadata"), out var metadata) ? Scalar(metadata as YamlMappingNode, "name") : null) ?? "(no name)";
        var errors = new List<string>();
        if (!_kinds.TryGetValue($"{apiVersion} {kind}", out var definition))
        {
            errors.Add($"{kind}/{name}: no Kubernetes {Version} schema for apiVersion \"{apiVersion}\" kind \"{kind}\" in {File}");
            return errors;
        }

        Walk(obj, Ref(definition), "", problem => errors.Add($"{kind}/{name}: {problem}"));
        return errors;
    }

    private JsonElement Ref(string definition) =>
        _definitions.TryGetProperty(definition, out var schema) ? schema : throw new InvalidOperationException($"{File} has no definition {definition}");

    private void Walk(YamlNode node, JsonElement schema, string path, Action<string> error)
    {
        while (schema.TryGetProperty("$ref", out var reference))
        {
            schema = Ref(reference.GetString()!["#/definitions/".Length..]);
        }

        var at = path.Length == 0 ? "(root)" : path;
        var value = Resolve(node);
        if (value.Kind == ValueKind.Null)
        {
            return; // an explicit null leaves the field unset
        }

        if (schema.TryGetProperty("x-kubernetes-int-or-string", out _))
        {
            var quantity = schema.TryGetProperty("format", out var f) && f.GetString() == "quantity";
            if (value.Kind is not (ValueKind.Integer or ValueKind.String) && !(quantity && value.Kind == ValueKind.Number))
            {
                error($"{at}: expected an integer or a string, found {Describe(node, value)}");
            }

            return;
        }

        var type = schema.TryGetProperty("type", out var t) ? t.GetString() : null;
        switch (type)
        {
            case "object" when node is YamlMappingNode map:
                WalkObject(map, schema, path, error);
                break;
            case "array" when node is YamlSequenceNode list:
                var items = schema.GetProperty("items");
                for (var i = 0; i < list.Children.Count; i++)
                {
                    Walk(list.Children[i], items, $"{path}[{i}]", error);
                }

                break;
            case "string" when value.Kind == ValueKind.String:
                if (schema.TryGetProperty("format", out var format) && format.GetString() == "byte" && !IsBase64(value.Text))
                {
                    error($"{at}: expected base64 data, found {Describe(node, value)}");
                }

                break;
            case "integer" when value.Kind == ValueKind.Integer:
                if (schema.TryGetProperty("format", out var bits) && bits.GetString() == "int32" && !int.TryParse(value.Text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _))
                {
                    error($"{at}: {value.Text} is out of the int32 range");
                }

                break;
            case "number" when value.Kind is ValueKind.Integer or ValueKind.Number:
            case "boolean" when value.Kind == ValueKind.Boolean:
            case null:
                break;
            default:
                error($"{at}: expected {Article(type)} {type}, found {Describe(node, value)}");
                return;
        }

        if (schema.TryGetProperty("enum", out var allowed) && !allowed.EnumerateArray().Any(a => a.ToString() == value.Text))
        {
            error($"{at}: {Describe(node, value)} is not one of {string.Join(", ", allowed.EnumerateArray())}");
        }
    }

    private void WalkObject(YamlMappingNode map, JsonElement schema, string path, Action<string> error)
    {
        var at = path.Length == 0 ? "(root)" : path;
        var properties = schema.TryGetProperty("properties", out var p) ? p : default;
        var additional = schema.TryGetProperty("additionalProperties", out var a) ? a : default;
        foreach (var (keyNode, child) in map.Children)
        {
            var key = ((YamlScalarNode)keyNode).Value ?? "";
            var childPath = SimpleKey().IsMatch(key) ? (path.Length == 0 ? key : $"{path}.{key}") : $"{path}[\"{key}\"]";
            if (properties.ValueKind == JsonValueKind.Object && properties.TryGetProperty(key, out var property))
            {
                Walk(child, property, childPath, error);
            }
            else if (additional.ValueKind == JsonValueKind.Object)
            {
                Walk(child, additional, childPath, error);
            }
            else if (additional.ValueKind == JsonValueKind.False)
            {
                error($"{at}: unknown field \"{key}\"");
            }
        }

        if (schema.TryGetProperty("required", out var required))
        {
            foreach (var name in required.EnumerateArray().Select(r => r.GetString()!))
            {
                if (!map.Children.TryGetValue(new YamlScalarNode(name), out var present) || Resolve(present).Kind == ValueKind.Null)
                {
                    error($"{at}: missing required field \"{name}\"");
                }
            }
        }
    }

    private enum ValueKind { Null, Boolean, Integer, Number, String, Structure }

    private readonly record struct Value(ValueKind Kind, string Text);

    /// <summary>A scalar typed as a YAML 1.1 reader (go-yaml, behind kubectl and the API server) types it.</summary>
    private static Value Resolve(YamlNode node)
    {
        if (node is not YamlScalarNode scalar)
        {
            return new Value(ValueKind.Structure, "");
        }

        var text = scalar.Value ?? "";
        if (scalar.Style is not (ScalarStyle.Plain or ScalarStyle.Any))
        {
            return new Value(ValueKind.String, text);
        }

        return text switch
        {
            "" or "~" or "null" or "Null" or "NULL" => new Value(ValueKind.Null, text),
            _ when Booleans().IsMatch(text) => new Value(ValueKind.Boolean, text),
            _ when Integers().IsMatch(text) => new Value(ValueKind.Integer, text),
            _ when Floats().IsMatch(text) => new Value(ValueKind.Number, text),
            _ => new Value(ValueKind.String, text),
        };
    }

    private static string Describe(YamlNode node, Value value) => value.Kind switch
    {
        ValueKind.Structure => node is YamlSequenceNode ? "a list" : "an object",
        ValueKind.String => $"a string (\"{value.Text}\")",
        ValueKind.Boolean => $"a boolean ({value.Text})",
        _ => $"a number ({value.Text})",
    };

    private static string Article(string? type) => type is "object" or "array" or "integer" ? "an" : "a";

    private static bool IsBase64(string text)
    {
        var compact = text.Replace("\n", "", StringComparison.Ordinal);
        return Convert.TryFromBase64String(compact, new byte[compact.Length], out _);
    }

    private static string? Scalar(YamlMappingNode? map, string key) =>
        map is not null && map.Children.TryGetValue(new YamlScalarNode(key), out var node) ? (node as YamlScalarNode)?.Value : null;

    [GeneratedRegex("^(y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)$")]
    private static partial Regex Booleans();

    [GeneratedRegex("^[-+]?(0|[1-9][0-9_]*|0[0-7_]+|0x[0-9a-fA-F_]+|0b[01_]+)$")]
    private static partial Regex Integers();

    [GeneratedRegex(@"^([-+]?([0-9][0-9_]*)?\.[0-9.]*([eE][-+][0-9]+)?|[-+]?\.(inf|Inf|INF)|\.(nan|NaN|NAN))$")]
    private static partial Regex Floats();

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*$")]
    private static partial Regex SimpleKey();
}
