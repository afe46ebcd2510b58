using Kasparro.Grains.Connectors;
using Kasparro.Grains.Interfaces.News;

namespace Kasparro.Grains.Normalization;

/// <summary>
/// Turns a feed item (fields <c>key</c>, <c>title</c>, <c>link</c>, <c>published</c>, <c>summary</c>,
/// <c>authors</c>, <c>categories</c>, as the RSS connector gives them) into a <see cref="NewsItem"/>:
/// summary as plain text, and the known assets the title and summary mention.
/// </summary>
public sealed class NewsNormalizer(MentionMatcher mentions, TimeProvider time) : IRecordNormalizer
{
    /// <summary>Separates several authors or categories in one field.</summary>
    public const char ListSeparator = '\u001f';

    public NormalizationResult Normalize(SourceRecord record, string source, Guid runId)
    {
        ArgumentNullException.ThrowIfNull(record);
        var f = record.Fields;
        var key = f.GetValueOrDefault("key")?.Trim();
        var title = StorableText.Free(HtmlText.ToPlain(f.GetValueOrDefault("title")));
        if (string.IsNullOrEmpty(key))
        {
            return NormalizationResult.Rejected(new Rejection(RejectionReasons.MissingField, "the item has neither a guid nor a link"));
        }

        if (!StorableText.IsCleanKey(key))
        {
            return NormalizationResult.Rejected(new Rejection(RejectionReasons.InvalidText, "the item key holds control characters or a broken character"));
        }

        if (key.Length > 2048)
        {
            return NormalizationResult.Rejected(new Rejection(RejectionReasons.ValueTooLong, "the item key is longer than 2048 characters"));
        }

        if (title.Length == 0)
        {
            return NormalizationResult.Rejected(new Rejection(RejectionReasons.MissingField, "title is missing"));
        }

        DateTime? published = null;
        if (f.GetValueOrDefault("published") is { Length: > 0 } text)
        {
            if (!TimestampParser.TryParse(text, out var at))
            {
                return NormalizationResult.Rejected(new Rejection(RejectionReasons.InvalidTimestamp, $"published is '{StorableText.Clip(text, 40)}', not a timestamp"));
            }

            if (at > time.GetUtcNow().UtcDateTime + QuoteNormalizer.FutureTolerance)
            {
                return NormalizationResult.Rejected(new Rejection(RejectionReasons.TimestampOutOfRange, $"published {at:O} is more than a day ahead"));
            }

            published = at;
        }

        // Free text is cleaned, not refused (see StorableText); a feed's XML rarely carries such characters anyway.
        var summary = StorableText.Free(HtmlText.ToPlain(f.GetValueOrDefault("summary")));
        return NormalizationResult.Accepted(new NewsItem(
            source, key, title, StorableText.FreeOrNull(f.GetValueOrDefault("link")), published, summary.Length == 0 ? null : summary,
            Split(f.GetValueOrDefault("authors")), Split(f.GetValueOrDefault("categories")),
            mentions.Find(title + "\n" + summary), runId));
    }

    private static string[] Split(string? joined) =>
        string.IsNullOrEmpty(joined)
            ? []
            : joined.Split(ListSeparator, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(StorableText.Free).Where(s => s.Length > 0).ToArray();
}
