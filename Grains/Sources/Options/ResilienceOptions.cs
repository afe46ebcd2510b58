using System.ComponentModel.DataAnnotations;
using Kasparro.Grains.Resilience;

namespace Kasparro.Grains.Sources;

/// <summary><c>Kasparro:Sources:{id}:Resilience:*</c> as configured; an unset key keeps <see cref="ResilienceSettings.Default"/>.</summary>
public sealed class ResilienceOptions
{
    [Range(0.01, 1000.0)]
    public double? RequestsPerSecond { get; set; }

    [Range(1, 20)]
    public int? MaxAttempts { get; set; }

    [Range(typeof(TimeSpan), "00:00:00.001", "1.00:00:00")]
    public TimeSpan? MinDelay { get; set; }

    [Range(typeof(TimeSpan), "00:00:00.001", "1.00:00:00")]
    public TimeSpan? MaxDelay { get; set; }

    [Range(typeof(TimeSpan), "00:00:00.001", "1.00:00:00")]
    public TimeSpan? AttemptTimeout { get; set; }

    [Range(typeof(TimeSpan), "00:00:00.001", "1.00:00:00")]
    public TimeSpan? BreakDuration { get; set; }

    public ResilienceSettings Settings()
    {
        var d = ResilienceSettings.Default;
        return new ResilienceSettings(
            RequestsPerSecond ?? d.RequestsPerSecond, MaxAttempts ?? d.MaxAttempts, MinDelay ?? d.MinDelay,
            MaxDelay ?? d.MaxDelay, AttemptTimeout ?? d.AttemptTimeout, BreakDuration ?? d.BreakDuration);
    }
}
