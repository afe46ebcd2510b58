namespace Kasparro.Grains.Normalization;

/// <summary>Why a record was rejected. These names are counted per run and stored with the record.</summary>
public static class RejectionReasons
{
    public const string MissingField = "missing_field";
    public const string InvalidNumber = "invalid_number";
    public const string NonFiniteNumber = "non_finite_number";
    public const string NegativeValue = "negative_value";
    public const string InvalidTimestamp = "invalid_timestamp";
    public const string TimestampOutOfRange = "timestamp_out_of_range";
    public const string ValueTooLong = "value_too_long";

    /// <summary>A finite number that <see cref="decimal"/> cannot hold exactly (it would be rounded or overflow).</summary>
    public const string OutOfRange = "out_of_range";

    /// <summary>A key field (id, symbol, news key) holding control characters or a lone surrogate (see <see cref="StorableText"/>).</summary>
    public const string InvalidText = "invalid_text";

    /// <summary>A row whose bytes are not valid in the source's encoding (invalid UTF-8 under the default).</summary>
    public const string InvalidEncoding = "invalid_encoding";

    /// <summary>Valid to the pipeline, but the store refused it (a value PostgreSQL cannot hold); the detail names the error.</summary>
    public const string StorageRefused = "storage_refused";
}
