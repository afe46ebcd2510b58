using Kasparro.Grains.Interfaces.Alerts;

namespace Kasparro.Api.Contracts;

/// <summary>One try at a delivery: its number (from 1), when, the receiver's status code (null: no answer) or the error, and how long it took.</summary>
public sealed record DeliveryAttemptView(int Number, DateTime At, int? StatusCode, string? Error, double DurationMs)
{
    public static DeliveryAttemptView From(DeliveryAttempt a)
    {
        ArgumentNullException.ThrowIfNull(a);
        return new DeliveryAttemptView(a.Number, a.At, a.StatusCode, a.Error, Math.Round(a.DurationMs, 1));
    }
}
