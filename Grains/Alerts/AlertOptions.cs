namespace Kasparro.Grains.Alerts;

/// <summary>
/// <c>Kasparro:Alerts</c>: what raises alerts, how they are grouped, delivered and guarded. The
/// webhooks configuration declares live under <c>Kasparro:Alerts:Webhooks:{id}</c> (read by the
/// webhook registry at start, not bound here).
/// </summary>
public sealed class AlertOptions
{
    public const string SectionName = "Kasparro:Alerts";

    /// <summary>Whether this silo relays deliveries (events are raised and stored either way).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Failed runs in a row that raise <c>source.failing</c> (once per streak).</summary>
    public int ConsecutiveFailures { get; set; } = 3;

    /// <summary>Share of a run's records rejected (0–1) above which <c>run.high_rejection_rate</c> is raised.</summary>
    public double RejectionRate { get; set; } = 0.2;

    /// <summary>Fewest records a run must have read for its rejection rate to count.</summary>
    public int RejectionRateMinRecords { get; set; } = 20;

    /// <summary>Repeats of one kind for one source within this window are folded into one delivery; zero: never.</summary>
    public TimeSpan GroupWindow { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How long a delivery is retried before it is given up as failed.</summary>
    public TimeSpan MaxDeliveryAge { get; set; } = TimeSpan.FromDays(1);

    /// <summary>The first retry's delay; each next one doubles, up to <see cref="MaxRetryDelay"/>, with full jitter.</summary>
    public TimeSpan FirstRetryDelay { get; set; } = TimeSpan.FromSeconds(5);

    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>One attempt's whole budget: connect, send, read the answer.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Most bytes of a receiver's answer read (the rest is dropped unread).</summary>
    public int MaxResponseBytes { get; set; } = 64 * 1024;

    /// <summary>How often the relay looks for work when it has none.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long a claimed delivery is this silo's; must exceed <see cref="RequestTimeout"/>.</summary>
    public TimeSpan Lease { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Hosts webhooks may point at (exact names or <c>*.example.com</c>); empty: any host.</summary>
    public IList<string> AllowedHosts { get; } = [];

    /// <summary>
    /// Refuse to connect to loopback, private (RFC 1918, fc00::/7) and link-local addresses, checked on
    /// the address actually connected to (so DNS cannot route around it). Link-local (the cloud metadata
    /// address 169.254.169.254) is refused always.
    /// </summary>
    public bool BlockPrivateNetworks { get; set; }
}
