namespace Kasparro.Grains.Mentions;

/// <summary>
/// What the linker needs of a stored news item: the text it is matched on, the symbols it carries and
/// the registry number it is linked through (0: its symbols were matched against assets unknown, so
/// it is matched against every registered asset).
/// </summary>
public sealed record StoredNewsText(string Title, string? Summary, IReadOnlyList<string> Symbols, long LinkedThrough);
