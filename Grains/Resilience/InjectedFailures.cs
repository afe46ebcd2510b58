using System.ComponentModel.DataAnnotations;
using System.Data.Common;
using System.Net;
using Kasparro.Grains.Interfaces.Sources;

namespace Kasparro.Grains.Resilience;

/// <summary>
/// The exceptions injected failures raise: the same kinds real failures raise, so everything
/// downstream (retries, error classification, the run log) treats them alike.
/// </summary>
public static class InjectedFailures
{
    public const string DataKey = "kasparro.injected";

    public static Exception Create(FailureType type, string source, long recordIndex)
    {
        var message = $"Injected {FailureTypes.Name(type)} in source '{source}' at record {recordIndex}";
        Exception exception = type switch
        {
            FailureType.NetworkError => new HttpRequestException(HttpRequestError.ConnectionError, message),
            FailureType.DatabaseError => new InjectedDatabaseException(message),
            FailureType.ValidationError => new ValidationException(message),
            FailureType.Timeout => new TimeoutException(message),
            FailureType.RateLimit => new HttpRequestException(message, null, HttpStatusCode.TooManyRequests),
            _ => throw new ArgumentOutOfRangeException(nameof(type), type, null),
        };
        exception.Data[DataKey] = FailureTypes.Name(type);
        return exception;
    }

    public static bool IsInjected(Exception exception) => exception?.Data.Contains(DataKey) == true;

    /// <summary>A database failure that did not come from a database.</summary>
    public sealed class InjectedDatabaseException(string message) : DbException(message);
}
