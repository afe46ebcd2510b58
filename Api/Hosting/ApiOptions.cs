namespace Kasparro.Api.Hosting;

/// <summary>
/// The gateway's settings (<c>Kasparro:Api:*</c>): how it reaches the grains and which API keys it
/// accepts. Read once at start; <see cref="ApiSettings"/> keeps only hashes of the keys.
/// </summary>
public sealed class ApiOptions
{
    public const string Section = "Kasparro:Api";

    public GatewayMode Mode { get; set; } = GatewayMode.Standalone;

    /// <summary>One key (<c>Kasparro:Api:ApiKey</c>).</summary>
    public string? ApiKey { get; set; }

    /// <summary>Several keys at once, for rotation (<c>Kasparro:Api:ApiKeys:{n}</c>).</summary>
    public List<string> ApiKeys { get; set; } = [];

    /// <summary>A file with one key per line, such as a mounted secret (<c>Kasparro:Api:ApiKeyFile</c>).</summary>
    public string? ApiKeyFile { get; set; }

    public bool RequireKeyForReads { get; set; }

    /// <summary>Whether any key source is set (the file's content is checked when it is read).</summary>
    public bool AnyKeySource =>
        !string.IsNullOrWhiteSpace(ApiKey) || ApiKeys.Any(k => !string.IsNullOrWhiteSpace(k)) || !string.IsNullOrWhiteSpace(ApiKeyFile);

    public override string ToString() => $"ApiOptions {{ Mode = {Mode}, RequireKeyForReads = {RequireKeyForReads} }}";
}
