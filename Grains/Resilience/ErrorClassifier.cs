using System.ComponentModel.DataAnnotations;
using System.Data.Common;
using System.Net;

namespace Kasparro.Grains.Resilience;

/// <summary>Names the kind of a failure for the run log: the same names failure injection uses.</summary>
public static class ErrorClassifier
{
    public static string Classify(Exception exception) => exception switch
    {
        _ when exception.Data[InjectedFailures.DataKey] is string injected => injected,
        Drift.SchemaDriftException => "schema_drift",
        Orleans.Storage.InconsistentStateException => "state_conflict",
        HttpRequestException { StatusCode: HttpStatusCode.TooManyRequests } => "rate_limit",
        HttpRequestException { StatusCode: { } status } when (int)status is >= 400 and < 500 && status != HttpStatusCode.RequestTimeout => "http_error",
        HttpRequestException => "network_error",
        TimeoutException or TaskCanceledException or Polly.Timeout.TimeoutRejectedException => "timeout",
        Polly.CircuitBreaker.BrokenCircuitException => "circuit_open",
        Polly.RateLimiting.RateLimiterRejectedException => "rate_limit",
        DbException or Interfaces.Storage.DatabaseUnavailableException or Interfaces.Storage.DatabaseFailedException => "database_error",
        ValidationException or InvalidDataException or FormatException or System.Text.Json.JsonException => "validation_error",
        FileNotFoundException or DirectoryNotFoundException => "source_not_found",
        IOException or UnauthorizedAccessException => "io_error",
        _ => "internal_error",
    };
}
