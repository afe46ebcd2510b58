using Kasparro.Grains.Hosting;

namespace Kasparro.Api.Dashboard;

/// <summary>
/// The Orleans dashboard the gateway serves at <see cref="Path"/>. <c>Kasparro:Dashboard:Enabled</c>
/// (default true) maps it at all; <c>Kasparro:Dashboard:LiveLog</c> (default false) opens its live log
/// stream (<c>/dashboard/Trace</c>), which sends every log line of the process to whoever reads it.
/// Who may open the dashboard follows <c>Kasparro:Api:RequireKeyForReads</c> (see <see cref="DashboardGate"/>).
/// </summary>
public sealed record DashboardSettings(bool Enabled, bool LiveLog)
{
    public const string EnabledKey = "Kasparro:Dashboard:Enabled";
    public const string LiveLogKey = "Kasparro:Dashboard:LiveLog";
    public const string Path = "/dashboard";

    public static DashboardSettings Load(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return new DashboardSettings(Flag(configuration, EnabledKey, true), Flag(configuration, LiveLogKey, false));
    }

    private static bool Flag(IConfiguration configuration, string key, bool fallback)
    {
        var text = configuration[key];
        if (string.IsNullOrWhiteSpace(text))
        {
            return fallback;
        }

        return bool.TryParse(text.Trim(), out var value)
            ? value
            : throw new KasparroConfigurationException($"{key} is '{text}': expected true or false.");
    }
}
