using System.Globalization;
using Microsoft.Extensions.Options;

namespace Kasparro.Grains.Alerts;

/// <summary>
/// <c>Kasparro:Alerts</c> checked at start: every failure names the key, what it is and what is expected.
/// Spans fields where it must: a lease shorter than the request timeout would let a slow attempt's
/// delivery be claimed by another silo while it is still being sent.
/// </summary>
public sealed class AlertOptionsValidator : IValidateOptions<AlertOptions>
{
    private const string S = AlertOptions.SectionName;

    public ValidateOptionsResult Validate(string? name, AlertOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (options.ConsecutiveFailures < 1)
        {
            failures.Add($"{S}:ConsecutiveFailures is '{options.ConsecutiveFailures}': expected a whole number of at least 1.");
        }

        if (!(options.RejectionRate > 0 && options.RejectionRate <= 1))
        {
            failures.Add($"{S}:RejectionRate is '{options.RejectionRate.ToString(CultureInfo.InvariantCulture)}': expected a share above 0 and at most 1, such as 0.2.");
        }

        if (options.RejectionRateMinRecords < 0)
        {
            failures.Add($"{S}:RejectionRateMinRecords is '{options.RejectionRateMinRecords}': expected a whole number of at least 0.");
        }

        NotNegative(nameof(options.GroupWindow), options.GroupWindow, failures);
        Positive(nameof(options.MaxDeliveryAge), options.MaxDeliveryAge, failures);
        Positive(nameof(options.FirstRetryDelay), options.FirstRetryDelay, failures);
        Positive(nameof(options.MaxRetryDelay), options.MaxRetryDelay, failures);
        Positive(nameof(options.RequestTimeout), options.RequestTimeout, failures);
        Positive(nameof(options.PollInterval), options.PollInterval, failures);
        Positive(nameof(options.Lease), options.Lease, failures);
        if (options.MaxRetryDelay > TimeSpan.Zero && options.MaxRetryDelay < options.FirstRetryDelay)
        {
            failures.Add($"{S}:MaxRetryDelay is '{options.MaxRetryDelay:c}': expected at least {S}:FirstRetryDelay ('{options.FirstRetryDelay:c}').");
        }

        if (options.RequestTimeout > TimeSpan.Zero && options.Lease <= options.RequestTimeout)
        {
            failures.Add($"{S}:Lease is '{options.Lease:c}': expected more than {S}:RequestTimeout ('{options.RequestTimeout:c}'), " +
                "or another silo could take a delivery over while it is being sent.");
        }

        if (options.MaxResponseBytes < 1024)
        {
            failures.Add($"{S}:MaxResponseBytes is '{options.MaxResponseBytes}': expected at least 1024.");
        }

        foreach (var host in options.AllowedHosts)
        {
            if (string.IsNullOrWhiteSpace(host) || host.Contains("://", StringComparison.Ordinal) || host.Contains('/', StringComparison.Ordinal))
            {
                failures.Add($"{S}:AllowedHosts has '{host}': expected a host name such as hooks.example.com or *.example.com.");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void Positive(string key, TimeSpan value, List<string> failures)
    {
        if (value <= TimeSpan.Zero)
        {
            failures.Add($"{S}:{key} is '{value:c}': expected a positive duration such as 00:00:05.");
        }
    }

    private static void NotNegative(string key, TimeSpan value, List<string> failures)
    {
        if (value < TimeSpan.Zero)
        {
            failures.Add($"{S}:{key} is '{value:c}': expected a duration of zero or more, such as 00:05:00.");
        }
    }
}
