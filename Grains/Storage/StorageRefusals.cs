using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Kasparro.Grains.Interfaces.Assets;
using Kasparro.Grains.Interfaces.News;
using Kasparro.Grains.Normalization;

namespace Kasparro.Grains.Storage;

/// <summary>
/// The values both stores refuse (what PostgreSQL's columns refuse: unstorable text, text longer
/// than its <c>varchar</c>), and the rejected records that stand in for refused rows. A refused row
/// is rejected with <see cref="RejectionReasons.StorageRefused"/>; its stand-in is always storable.
/// </summary>
public static class StorageRefusals
{
    /// <summary>Longest detail kept for a refusal (database messages can quote whole rows).</summary>
    public const int MaxDetail = 500;

    /// <summary>Longest field kept in a refused row's rendering.</summary>
    private const int MaxRenderedField = 1000;

    /// <summary>Why the store refuses <paramref name="quote"/>, or null when it can be stored.</summary>
    public static string? Check(AssetQuote quote)
    {
        ArgumentNullException.ThrowIfNull(quote);
        return Text("source", quote.Source, 64) ?? Text("id", quote.ExternalId, 256)
            ?? Text("symbol", quote.Symbol, 64) ?? Text("name", quote.Name, 512);
    }

    /// <summary>Why the store refuses <paramref name="item"/>, or null when it can be stored.</summary>
    public static string? Check(NewsItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        return Text("source", item.Source, 64) ?? Text("item_key", item.ItemKey, 2048) ?? Text("title", item.Title, null)
            ?? Text("link", item.Link, null) ?? Text("summary", item.Summary, null)
            ?? List("authors", item.Authors) ?? List("categories", item.Categories) ?? List("symbols", item.Symbols);
    }

    /// <summary>The rejected record for a quote the store refused: a readable, storable rendering of it.</summary>
    public static RejectedRecord Refused(AssetQuote quote, string detail)
    {
        ArgumentNullException.ThrowIfNull(quote);
        var payload = string.Create(CultureInfo.InvariantCulture,
            $"id={Field(quote.ExternalId)}; symbol={Field(quote.Symbol)}; name={Field(quote.Name)}; price={quote.CurrentPrice}; market_cap={quote.MarketCap}; volume_24h={quote.Volume24h}; price_change_24h={quote.PriceChange24h}; timestamp={quote.LastUpdated:O}");
        return Stand(quote.Source, quote.RunId, payload, detail);
    }

    /// <summary>The rejected record for a news item the store refused.</summary>
    public static RejectedRecord Refused(NewsItem item, string detail)
    {
        ArgumentNullException.ThrowIfNull(item);
        var payload = string.Create(CultureInfo.InvariantCulture,
            $"item_key={Field(item.ItemKey)}; title={Field(item.Title)}; link={Field(item.Link)}; published_at={item.PublishedAt:O}; summary={Field(item.Summary)}");
        return Stand(item.Source, item.RunId, payload, detail);
    }

    /// <summary>A rejected record as it can be stored: payload and detail escaped where PostgreSQL would refuse them.</summary>
    public static RejectedRecord Storable(RejectedRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return StorableText.StoreProblem(record.Payload) is null && StorableText.StoreProblem(record.Detail) is null
            ? record
            : record with { Payload = StorableText.Escape(record.Payload), Detail = StorableText.Escape(record.Detail) };
    }

    /// <summary>The last resort for a rejected record the database refused even escaped: its reason kept, its payload described.</summary>
    public static RejectedRecord Placeholder(RejectedRecord record, string detail)
    {
        ArgumentNullException.ThrowIfNull(record);
        return record with
        {
            Payload = string.Create(CultureInfo.InvariantCulture, $"(payload not storable: {record.Payload.Length} characters)"),
            Detail = Detail($"{StorableText.Clip(StorableText.Escape(record.Detail), MaxDetail / 2)} [stored without payload: {detail}]"),
        };
    }

    /// <summary>
    /// A detail fit for storing: NUL and lone surrogates escaped (a database message may quote the
    /// value it refused), other control characters removed as in every detail, clipped between
    /// characters to at most <see cref="MaxDetail"/> units, the ellipsis included.
    /// </summary>
    public static string Detail(string text) => StorableText.Clip(StorableText.Free(StorableText.Escape(text)), MaxDetail - 1);

    private static RejectedRecord Stand(string source, Guid runId, string payload, string detail)
    {
        // The hash depends on the row only (not the run), so reading it again stores no second reject.
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(RejectionReasons.StorageRefused + "\n" + payload)));

        // Capped like every stored payload, with the rendering's full size beside it.
        return new RejectedRecord(
            source, runId, hash, StorableText.Payload(payload), RejectionReasons.StorageRefused, Detail(detail), Encoding.UTF8.GetByteCount(payload));
    }

    private static string Field(string? value) =>
        value is null ? "" : StorableText.Clip(StorableText.Escape(value), MaxRenderedField);

    private static string? Text(string field, string? value, int? maxCharacters)
    {
        if (value is null)
        {
            return null;
        }

        if (StorableText.StoreProblem(value) is { } problem)
        {
            return $"{problem} (in {field})";
        }

        return maxCharacters is { } max && value.Length > max && StorableText.CodePoints(value) > max
            ? string.Create(CultureInfo.InvariantCulture, $"22001: value too long for type character varying({max}) (in {field})")
            : null;
    }

    private static string? List(string field, IReadOnlyList<string> values)
    {
        foreach (var value in values)
        {
            if (Text(field, value, null) is { } problem)
            {
                return problem;
            }
        }

        return null;
    }
}
