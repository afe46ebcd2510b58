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

    /// <summary>Valid to the pipeline, but the store refused it (a value PostgreSQL cannot hold); the detail names the error.</summary>
    public const string StorageRefused = "storage_refused";
}
