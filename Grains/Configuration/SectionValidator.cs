using Microsoft.Extensions.Options;

namespace Kasparro.Grains.Configuration;

/// <summary>
/// Runs a validator for options bound from <paramref name="section"/> and words its failures with the
/// full configuration key (<c>Kasparro:Cluster:SiloPort</c>), however the options instance is named,
/// so the one line a bad setting prints names the key a user sets.
/// </summary>
public sealed class SectionValidator<TOptions>(string section, IValidateOptions<TOptions> inner) : IValidateOptions<TOptions>
    where TOptions : class
{
    public ValidateOptionsResult Validate(string? name, TOptions options)
    {
        var result = inner.Validate(section, options);
        return result.Failed
            ? ValidateOptionsResult.Fail(result.Failures.Select(f => OptionsFailures.Reword(section, f)))
            : result;
    }
}
