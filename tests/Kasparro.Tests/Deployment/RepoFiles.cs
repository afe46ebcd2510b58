using YamlDotNet.RepresentationModel;

namespace Kasparro.Tests.Deployment;

/// <summary>Files of the repository the tests run from, and YAML read into plain dictionaries and lists.</summary>
internal static class RepoFiles
{
    public static string Root { get; } = FindRoot();

    public static string PathOf(string relative) => Path.Combine(Root, relative.Replace('/', Path.DirectorySeparatorChar));

    public static string Read(string relative) => File.ReadAllText(PathOf(relative));

    /// <summary>Every YAML document in <paramref name="text"/>, as nested dictionaries, lists and strings.</summary>
    public static List<object?> YamlDocuments(string text)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(text));
        return stream.Documents.Select(d => Plain(d.RootNode)).Where(d => d is not null).ToList();
    }

    /// <summary>Every YAML document in <paramref name="text"/> whose root is a mapping, as YamlDotNet nodes.</summary>
    public static List<YamlMappingNode> YamlNodes(string text)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(text));
        return stream.Documents.Select(d => d.RootNode).OfType<YamlMappingNode>().ToList();
    }

    public static Dictionary<string, object?> Yaml(string relative) => (Dictionary<string, object?>)YamlDocuments(Read(relative))[0]!;

    public static Dictionary<string, object?> Map(object? node, string key) =>
        (node as Dictionary<string, object?>)?.GetValueOrDefault(key) as Dictionary<string, object?> ?? [];

    public static List<object?> List(object? node, string key) =>
        (node as Dictionary<string, object?>)?.GetValueOrDefault(key) as List<object?> ?? [];

    public static string? Text(object? node, string key) => (node as Dictionary<string, object?>)?.GetValueOrDefault(key) as string;

    private static object? Plain(YamlNode node) => node switch
    {
        YamlMappingNode map => PlainMap(map),
        YamlSequenceNode list => list.Children.Select(Plain).ToList(),
        YamlScalarNode scalar => scalar.Value,
        _ => null,
    };

    /// <summary>A mapping, with YAML merge keys (<c>&lt;&lt;: *anchor</c>) applied as compose applies them.</summary>
    private static Dictionary<string, object?> PlainMap(YamlMappingNode map)
    {
        var result = new Dictionary<string, object?>();
        foreach (var (key, value) in map.Children)
        {
            var name = ((YamlScalarNode)key).Value!;
            if (name == "<<" && Plain(value) is Dictionary<string, object?> merged)
            {
                foreach (var (k, v) in merged)
                {
                    result.TryAdd(k, v);
                }
            }
            else
            {
                result[name] = Plain(value);
            }
        }

        return result;
    }

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Kasparro.Orleans.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("Kasparro.Orleans.sln not found above " + AppContext.BaseDirectory);
    }
}
