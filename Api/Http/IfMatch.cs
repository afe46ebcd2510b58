using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Net.Http.Headers;

namespace Kasparro.Api.Http;

/// <summary>
/// A source definition's version as an HTTP entity tag (<c>"3"</c>), and the <c>If-Match</c> a change may
/// carry: one strong tag (the version read), or <c>*</c> (any version, but the source must exist).
/// </summary>
public static class IfMatch
{
    public static string ETag(long version) => $"\"{version}\"";

    /// <summary>The version asked for (0 for <c>*</c>, null without the header), or a 400 saying what is wrong.</summary>
    public static (long? Version, ProblemHttpResult? Problem) Read(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var values = request.Headers.IfMatch;
        if (values.Count == 0)
        {
            return (null, null);
        }

        if (!EntityTagHeaderValue.TryParseList(values, out var tags) || tags.Count != 1)
        {
            return (null, Invalid("If-Match must hold one entity tag: the ETag a GET of the source returned (e.g. \"3\"), or *."));
        }

        var tag = tags[0];
        if (tag.Equals(EntityTagHeaderValue.Any))
        {
            return (0, null);
        }

        if (tag.IsWeak)
        {
            return (null, Invalid("If-Match compares strongly: send the ETag as returned, without W/."));
        }

        var text = tag.Tag.AsSpan().Trim('"');
        return long.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var version) && version > 0
            ? (version, null)
            : (null, Invalid($"If-Match {Echo.Quote(tag.Tag.ToString())} is not a version of a source definition (e.g. \"3\")."));
    }

    private static ProblemHttpResult Invalid(string detail) =>
        ApiProblems.BadRequest(detail, new Dictionary<string, string[]>(StringComparer.Ordinal) { ["If-Match"] = [detail] });
}
