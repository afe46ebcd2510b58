using System.Net;
using System.Text.RegularExpressions;

namespace Kasparro.Grains.Normalization;

/// <summary>Plain text from a feed's HTML summary: tags and comments removed, entities decoded, white space collapsed.</summary>
public static partial class HtmlText
{
    public static string ToPlain(string? html)
    {
        if (string.IsNullOrWhiteSpace(html))
        {
            return "";
        }

        var withoutScripts = ScriptOrStyle().Replace(html, " ");
        var withoutTags = Tag().Replace(withoutScripts, " ");
        return Space().Replace(WebUtility.HtmlDecode(withoutTags), " ").Trim();
    }

    [GeneratedRegex(@"<(script|style)\b[^>]*>.*?</\1\s*>", RegexOptions.IgnoreCase | RegexOptions.Singleline, 200)]
    private static partial Regex ScriptOrStyle();

    [GeneratedRegex(@"<!--.*?-->|<[^>]*>", RegexOptions.Singleline, 200)]
    private static partial Regex Tag();

    [GeneratedRegex(@"\s+", RegexOptions.None, 200)]
    private static partial Regex Space();
}
