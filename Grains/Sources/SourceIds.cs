namespace Kasparro.Grains.Sources;

/// <summary>Source ids end up in grain keys, metric labels, URLs and table rows: keep them plain.</summary>
public static class SourceIds
{
    public static bool IsValid(string? id) =>
        id is { Length: >= 1 and <= 64 } && id.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-' or '_');
}
