using System.ComponentModel.DataAnnotations;

namespace Kasparro.Grains.Cluster;

/// <summary>
/// How a read that failed because a silo is gone is tried again (<c>Kasparro:Cluster:ReadRetry:*</c>),
/// by the gateway's GET endpoints, <c>/health</c> and grain-to-grain reads. A dead silo's grains can
/// only move once the cluster has declared it dead (Orleans never runs two activations of one grain
/// on a guess), so <see cref="Budget"/> should cover the failure detection of the membership settings.
/// </summary>
public sealed class ReadRetryOptions
{
    public const string Section = "Kasparro:Cluster:ReadRetry";

    /// <summary>The longest a read waits in all, every attempt and pause included (0 turns retries off).</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:05:00")]
    public TimeSpan Budget { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// After this long without an answer another attempt starts beside the first, which may be waiting
    /// on a silo that died with the request (Orleans only gives up on it after its response timeout);
    /// whichever answers first is used, so a slow but healthy read is never thrown away.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "00:05:00")]
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>The first pause after a failed attempt; each next one doubles, up to a second (or this, if longer).</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "00:05:00")]
    public TimeSpan Backoff { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Retries off: one attempt, however long it takes.</summary>
    public static ReadRetryOptions None => new() { Budget = TimeSpan.Zero };

    public bool Enabled => Budget > TimeSpan.Zero;
}
