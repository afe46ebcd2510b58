using Microsoft.Extensions.Configuration;

namespace Kasparro.Grains.Hosting;

/// <summary>
/// How a read that failed because a silo is gone is tried again (<c>Kasparro:Cluster:ReadRetry:*</c>),
/// by the gateway's GET endpoints, <c>/health</c> and grain-to-grain reads. A dead silo's grains can
/// only move once the cluster has declared it dead (Orleans never runs two activations of one grain
/// on a guess), so <see cref="Budget"/> should cover the failure detection of the membership settings.
/// </summary>
public sealed record ReadRetrySettings
{
    public const string Section = "Kasparro:Cluster:ReadRetry";

    /// <summary>The longest a read waits in all, every attempt and pause included (0 turns retries off).</summary>
    public TimeSpan Budget { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// After this long without an answer another attempt starts beside the first, which may be waiting
    /// on a silo that died with the request (Orleans only gives up on it after its response timeout);
    /// whichever answers first is used, so a slow but healthy read is never thrown away.
    /// </summary>
    public TimeSpan AttemptTimeout { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>The first pause after a failed attempt; each next one doubles, up to a second (or this, if longer).</summary>
    public TimeSpan Backoff { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Retries off: one attempt, however long it takes.</summary>
    public static ReadRetrySettings None { get; } = new() { Budget = TimeSpan.Zero };

    public bool Enabled => Budget > TimeSpan.Zero;

    public static ReadRetrySettings Load(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var section = configuration.GetSection(Section);
        var defaults = new ReadRetrySettings();
        return new ReadRetrySettings
        {
            Budget = Span(section, nameof(Budget), allowZero: true) ?? defaults.Budget,
            AttemptTimeout = Span(section, nameof(AttemptTimeout), allowZero: false) ?? defaults.AttemptTimeout,
            Backoff = Span(section, nameof(Backoff), allowZero: false) ?? defaults.Backoff,
        };
    }

    private static TimeSpan? Span(IConfigurationSection section, string key, bool allowZero)
    {
        var value = section[key];
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        var parsed = TimeSpan.TryParse(value.Trim(), System.Globalization.CultureInfo.InvariantCulture, out var span);
        return parsed && (span > TimeSpan.Zero || (allowZero && span == TimeSpan.Zero)) && span <= TimeSpan.FromMinutes(5)
            ? span
            : throw new KasparroConfigurationException(
                $"{section.Path}:{key} is '{value}': expected a duration from {(allowZero ? "00:00:00" : "00:00:00.001")} to 00:05:00.");
    }
}
