using Kasparro.Hosting;
namespace Kasparro.Api.Dashboard;

/// <summary>
/// The Orleans dashboard the gateway serves at <see cref="Path"/> (<c>Kasparro:Dashboard:*</c>).
/// <see cref="Enabled"/> (default true) maps it at all; <see cref="LiveLog"/> (default false) opens its
/// live log stream (<c>/dashboard/Trace</c>), which sends every log line of the process to whoever
/// reads it. Who may open the dashboard follows <c>Kasparro:Api:RequireKeyForReads</c> (see
/// <see cref="DashboardGate"/>). Both are start-up decisions: routes are mapped once.
/// </summary>
public sealed class DashboardSettings
{
    public const string Section = "Kasparro:Dashboard";
    public const string EnabledKey = "Kasparro:Dashboard:Enabled";
    public const string LiveLogKey = "Kasparro:Dashboard:LiveLog";
    public const string Path = "/dashboard";

    public bool Enabled { get; set; } = true;

    public bool LiveLog { get; set; }

    public static DashboardSettings Load(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return KasparroOptions.Read(() => configuration.GetSection(Section).Get<DashboardSettings>() ?? new());
    }
}
