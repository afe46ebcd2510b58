namespace Kasparro.Api.Hosting;

/// <summary>
/// One key of <c>Kasparro:Api:Keys:{id}</c>: the key itself (<c>Key</c>) or a file holding it
/// (<c>KeyFile</c>, such as a mounted secret), and what it may do (<c>Scope</c>: read, operate or admin).
/// Checked by <see cref="ApiRules"/>; <see cref="ApiSettings"/> keeps only the key's hash.
/// </summary>
public sealed class ApiKeyOptions
{
    public string? Key { get; set; }

    public string? KeyFile { get; set; }

    /// <summary>Text, not the enum: a number or a misspelling is refused with a message of ours (see <c>ApiKeyScopes.TryParse</c>).</summary>
    public string? Scope { get; set; }

    public override string ToString() => $"ApiKeyOptions {{ Scope = {Scope}, KeyFile = {KeyFile} }}";
}
