using Kasparro.Grains.Connectors;
using Kasparro.Grains.Interfaces.Assets;

namespace Kasparro.Grains.Normalization;

/// <summary>
/// Turns a raw market record into an <see cref="AssetQuote"/>, or says exactly why it cannot.
/// Required: id, symbol, name, price and timestamp. Optional figures may be missing (null), but
/// when present they must be finite, parsable and, except for the price change, not negative.
/// One instance per run: it is not thread-safe (see <see cref="TextPool"/>).
/// </summary>
public sealed class QuoteNormalizer(ColumnMap columns, TimeProvider time) : IRecordNormalizer
{
    private readonly TextPool _texts = new();

    /// <summary>Nothing was traded as a crypto asset before Bitcoin's genesis year.</summary>
    public static readonly DateTime EarliestTimestamp = new(2009, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    /// <summary>How far into the future a timestamp may be (clock skew between us and a source).</summary>
    public static readonly TimeSpan FutureTolerance = TimeSpan.FromDays(1);

    public NormalizationResult Normalize(SourceRecord record, string source, Guid runId)
    {
        ArgumentNullException.ThrowIfNull(record);
        var fields = record.Fields;

        if (Text(fields, QuoteFields.Id, 256, key: true, out var id) is { } idProblem)
        {
            return idProblem;
        }

        if (Text(fields, QuoteFields.Symbol, 64, key: true, out var symbol) is { } symbolProblem)
        {
            return symbolProblem;
        }

        if (Text(fields, QuoteFields.Name, 512, key: false, out var name) is { } nameProblem)
        {
            return nameProblem;
        }

        if (Number(fields, QuoteFields.Price, required: true, allowNegative: false, out var price) is { } priceProblem)
        {
            return priceProblem;
        }

        if (Number(fields, QuoteFields.MarketCap, required: false, allowNegative: false, out var marketCap) is { } capProblem)
        {
            return capProblem;
        }

        if (Number(fields, QuoteFields.Volume24h, required: false, allowNegative: false, out var volume) is { } volumeProblem)
        {
            return volumeProblem;
        }

        if (Number(fields, QuoteFields.PriceChange24h, required: false, allowNegative: true, out var change) is { } changeProblem)
        {
            return changeProblem;
        }

        if (Timestamp(fields, out var lastUpdated) is { } timeProblem)
        {
            return timeProblem;
        }

        return NormalizationResult.Accepted(new AssetQuote(
            source, _texts.Share(id!), _texts.Share(symbol!.ToUpperInvariant()), _texts.Share(name!), price, marketCap, volume, change, lastUpdated, runId));
    }

    /// <summary>
    /// A text field. Keys (id, symbol) must already be storable text, or the row is rejected: changing
    /// them would change which asset the row is. A name is free text and is cleaned instead.
    /// </summary>
    private NormalizationResult? Text(IReadOnlyDictionary<string, string?> fields, string field, int maxLength, bool key, out string? value)
    {
        value = columns.Value(fields, field);
        if (value is null)
        {
            return Reject(RejectionReasons.MissingField, $"{columns.SourceName(field)} is missing");
        }

        if (!key)
        {
            value = StorableText.Free(value);
        }
        else if (!StorableText.IsCleanKey(value))
        {
            return Reject(RejectionReasons.InvalidText, $"{columns.SourceName(field)} holds control characters or a broken character");
        }

        return value.Length > maxLength
            ? Reject(RejectionReasons.ValueTooLong, $"{columns.SourceName(field)} is longer than {maxLength} characters")
            : null;
    }

    private NormalizationResult? Number(
        IReadOnlyDictionary<string, string?> fields, string field, bool required, bool allowNegative, out decimal? value)
    {
        value = null;
        var text = columns.Value(fields, field);
        var name = columns.SourceName(field);
        if (text is null)
        {
            return required ? Reject(RejectionReasons.MissingField, $"{name} is missing") : null;
        }

        switch (NumberParser.Parse(text, out var number))
        {
            case NumberParser.Outcome.NonFinite:
                return Reject(RejectionReasons.NonFiniteNumber, $"{name} is '{Clip(text)}', not a finite number");
            case NumberParser.Outcome.Invalid:
                return Reject(RejectionReasons.InvalidNumber, $"{name} is '{Clip(text)}', not a number");
            case NumberParser.Outcome.OutOfRange:
                return Reject(RejectionReasons.OutOfRange, $"{name} is '{Clip(text)}', which cannot be kept exactly (more than 28 significant digits or beyond ±7.9e28)");
        }

        if (!allowNegative && number < 0)
        {
            return Reject(RejectionReasons.NegativeValue, $"{name} is negative ({Clip(text)})");
        }

        value = number;
        return null;
    }

    private NormalizationResult? Timestamp(IReadOnlyDictionary<string, string?> fields, out DateTime value)
    {
        value = default;
        var text = columns.Value(fields, QuoteFields.Timestamp);
        var name = columns.SourceName(QuoteFields.Timestamp);
        if (text is null)
        {
            return Reject(RejectionReasons.MissingField, $"{name} is missing");
        }

        if (!TimestampParser.TryParse(text, out value))
        {
            return Reject(RejectionReasons.InvalidTimestamp, $"{name} is '{Clip(text)}', not a timestamp");
        }

        var latest = time.GetUtcNow().UtcDateTime + FutureTolerance;
        return value < EarliestTimestamp || value > latest
            ? Reject(RejectionReasons.TimestampOutOfRange, $"{name} {value:O} is before 2009 or more than a day ahead")
            : null;
    }

    private static NormalizationResult Reject(string reason, string detail) => NormalizationResult.Rejected(new Rejection(reason, detail));

    /// <summary>A value quoted in a rejection detail: at most 40 UTF-16 units, never cut inside a character.</summary>
    private static string Clip(string text) => StorableText.Clip(text, 40);
}
