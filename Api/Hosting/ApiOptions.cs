namespace Kasparro.Api.Hosting;

/// <summary>
/// The gateway's settings (<c>Kasparro:Api:*</c>): how it reaches the grains and which API keys it
/// accepts. Read once at start; <see cref="ApiSettings"/> keeps only hashes of the keys.
/// </summary>
public sealed class ApiOptions
{
    public const string Section = "Kasparro:Api";

    public GatewayMode Mode { get; set; } = GatewayMode.Standalone;

    /// <summary>Keys with an id and a scope (<c>Kasparro:Api:Keys:{id}:Key</c>, <c>:KeyFile</c>, <c>:Scope</c>).</summary>
    public Dictionary<string, ApiKeyOptions?> Keys { get; set; } = [];

    /// <summary>One admin key, id <c>default</c> (<c>Kasparro:Api:ApiKey</c>).</summary>
    public string? ApiKey { get; set; }

    /// <summary>More admin keys, ids <c>key-{n}</c> (<c>Kasparro:Api:ApiKeys:{n}</c>); a map so each keeps its <c>{n}</c>.</summary>
    public Dictionary<string, string?> ApiKeys { get; set; } = [];

    /// <summary>A file with one admin key per line, ids <c>file-{line}</c> (<c>Kasparro:Api:ApiKeyFile</c>).</summary>
    public string? ApiKeyFile { get; set; }

    public bool RequireKeyForReads { get; set; }

    /// <summary>Whether any key source is set (a file's content is checked when it is read).</summary>
    public bool AnyKeySource =>
        !string.IsNullOrWhiteSpace(ApiKey) || ApiKeys.Values.Any(k => !string.IsNullOrWhiteSpace(k))
        || !string.IsNullOrWhiteSpace(ApiKeyFile) || Keys.Count > 0;

    public override string ToString() => $"ApiOptions {{ Mode = {Mode}, Keys = [{string.Join(", ", Keys.Keys)}], RequireKeyForReads = {RequireKeyForReads} }}";
}
