using System.Globalization;
using Kasparro.Grains.Normalization;

namespace Kasparro.Grains.Alerts;

/// <summary>
/// The texts alerts carry. Alerts leave the cluster (webhooks, Slack), so messages are the public
/// ones the run log already holds, clipped shorter: a receiver needs the gist, the run log has the rest.
/// </summary>
internal static class AlertText
{
    /// <summary>Longest error message or detail in an alert's data, in UTF-16 units before the ellipsis.</summary>
    public const int MessageLimit = 500;

    /// <summary>Longest message inside a one-sentence summary.</summary>
    public const int SummaryMessageLimit = 200;

    /// <summary>The first 8 hex digits of a run id and an ellipsis: enough for a person to tell runs apart.</summary>
    public static string Short(Guid id) => string.Concat(id.ToString("N", CultureInfo.InvariantCulture).AsSpan(0, 8), "…");

    public static string? Message(string? text) => text is null ? null : StorableText.Free(StorableText.Clip(text, MessageLimit));

    public static string InSummary(string? text) =>
        text is null ? "" : StorableText.Name(StorableText.Clip(text, SummaryMessageLimit)).TrimEnd('.');

    public static string Percent(double share) => (share * 100).ToString("0.#", CultureInfo.InvariantCulture);

    public static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
