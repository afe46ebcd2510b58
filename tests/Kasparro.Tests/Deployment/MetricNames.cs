using System.Text;
using System.Text.RegularExpressions;

namespace Kasparro.Tests.Deployment;

/// <summary>
/// The Prometheus names the services can export: the project's own instruments (read from
/// KasparroMetrics.cs) and Orleans' instruments (read from the Orleans assemblies themselves).
/// </summary>
internal static partial class MetricNames
{
    /// <summary>Instrument names as Prometheus spells their base (dots and dashes become underscores).</summary>
    public static HashSet<string> Known { get; } = Load();

    /// <summary>Whether a name used in a query (with _total, _bucket, unit suffixes...) belongs to a known instrument.</summary>
    public static bool Exists(string prometheusName)
    {
        var name = SeriesSuffix().Replace(prometheusName, "");
        name = TotalSuffix().Replace(name, "");
        return Known.Contains(name) || Known.Contains(UnitSuffix().Replace(name, ""));
    }

    /// <summary>The kasparro_* and orleans_* names a PromQL expression uses.</summary>
    public static IEnumerable<string> In(string expression) => UsedName().Matches(expression).Select(m => m.Value);

    private static HashSet<string> Load()
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        var source = RepoFiles.Read("Grains/Telemetry/KasparroMetrics.cs");
        foreach (Match m in Instrument().Matches(source))
        {
            names.Add(m.Groups[1].Value.Replace('.', '_'));
        }

        foreach (var dll in new[] { "Orleans.Core.dll", "Orleans.Runtime.dll" })
        {
            // Instrument names are string literals: UTF-16 in the assembly, at an even or an odd offset.
            var bytes = File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, dll));
            foreach (var text in new[] { Encoding.Unicode.GetString(bytes), Encoding.Unicode.GetString(bytes, 1, bytes.Length - 1) })
            {
                foreach (Match m in OrleansInstrument().Matches(text))
                {
                    names.Add(m.Value.Replace('-', '_'));
                }
            }
        }

        return names;
    }

    [GeneratedRegex(@"Create(?:Counter|Histogram|ObservableGauge|UpDownCounter|Gauge)(?:<\w+>)?\(\s*""([a-z0-9_.]+)""")]
    private static partial Regex Instrument();

    [GeneratedRegex(@"orleans-[a-z0-9-]+")]
    private static partial Regex OrleansInstrument();

    [GeneratedRegex(@"\b(?:kasparro|orleans)_[a-z0-9_]+")]
    private static partial Regex UsedName();

    [GeneratedRegex("_(?:bucket|sum|count)$")]
    private static partial Regex SeriesSuffix();

    [GeneratedRegex("_total$")]
    private static partial Regex TotalSuffix();

    [GeneratedRegex("_(?:seconds|milliseconds|bytes|megabytes)$")]
    private static partial Regex UnitSuffix();
}
