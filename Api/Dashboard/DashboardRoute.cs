using Microsoft.AspNetCore.Routing.Patterns;

namespace Kasparro.Api.Dashboard;

/// <summary>
/// Endpoint metadata on every route the dashboard package maps, read by <see cref="DashboardGate"/>.
/// Worked out once from the route's pattern: the package names its API routes by their last literal
/// segment (<c>/Trace</c>, <c>/SiloCounters/{*address}</c>, …), which is what this keys on.
/// </summary>
/// <param name="LiveLog">The live log stream, which <see cref="DashboardSettings.LiveLog"/> must open.</param>
/// <param name="SiloParameter">
/// The route value holding a silo address, for the routes that hand it to a grain keyed by it. The
/// package parses that key in the grain's constructor, so a malformed one fails the activation (a
/// 500 with a stack trace) and a well-formed one of a silo that is gone fails the call (a 503): both
/// are checked against the active silos first.
/// </param>
public sealed record DashboardRoute(bool LiveLog, string? SiloParameter)
{
    private static readonly HashSet<string> SiloRoutes = new(StringComparer.OrdinalIgnoreCase)
    {
        "SiloCounters", "SiloProperties", "SiloMetadata", "HistoricalStats",
    };

    public static DashboardRoute Of(RoutePattern pattern)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        var name = pattern.PathSegments.SelectMany(s => s.Parts).OfType<RoutePatternLiteralPart>().LastOrDefault()?.Content;
        var silo = name is not null && SiloRoutes.Contains(name) && pattern.Parameters.Count == 1 ? pattern.Parameters[0].Name : null;
        return new DashboardRoute(string.Equals(name, "Trace", StringComparison.OrdinalIgnoreCase), silo);
    }
}
