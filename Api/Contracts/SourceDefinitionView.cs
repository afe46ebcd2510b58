using System.Text.Json.Nodes;
using Kasparro.Grains.Interfaces.Control;

namespace Kasparro.Api.Contracts;

/// <summary>
/// <c>GET /sources/{id}</c>: the definition as the cluster keeps it (as given: unset settings keep their
/// defaults; secrets show as <c>***</c>), who manages it, its version (also the <c>ETag</c>), and the
/// source's status now (the effective kind, interval and enabled, checkpoint, runs, pause).
/// </summary>
public sealed record SourceDefinitionView(
    string Id,
    string ManagedBy,
    long Version,
    DateTime UpdatedAt,
    string UpdatedBy,
    JsonObject Definition,
    SourceView? Status) : ApiResponse
{
    public static SourceDefinitionView From(SourceDocument d, SourceView? status)
    {
        ArgumentNullException.ThrowIfNull(d);
        return new SourceDefinitionView(
            d.Id, ManagedByName(d.ManagedBy), d.Version, d.UpdatedAt, d.UpdatedBy,
            Http.SourceSettingsJson.Write(SourceSecrets.Mask(d.Settings)), status);
    }

    public static string ManagedByName(SourceManager manager) => manager == SourceManager.Api ? "api" : "configuration";
}
