using Microsoft.Extensions.Options;
using Orleans.Configuration;

namespace Kasparro.Hosting;

/// <summary>
/// Bounds for the failure-detection keys of <c>Kasparro:Cluster:Membership:*</c>, which are bound
/// straight onto Orleans' <see cref="ClusterMembershipOptions"/> (an unset key keeps Orleans' default).
/// </summary>
public sealed class MembershipRules : IValidateOptions<ClusterMembershipOptions>
{
    public const string Section = "Kasparro:Cluster:Membership";

    public ValidateOptionsResult Validate(string? name, ClusterMembershipOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        Count(nameof(options.NumMissedProbesLimit), options.NumMissedProbesLimit, failures);
        Count(nameof(options.NumVotesForDeathDeclaration), options.NumVotesForDeathDeclaration, failures);
        Count(nameof(options.NumProbedSilos), options.NumProbedSilos, failures);
        Positive(nameof(options.ProbeTimeout), options.ProbeTimeout, failures);
        Positive(nameof(options.TableRefreshTimeout), options.TableRefreshTimeout, failures);
        Positive(nameof(options.IAmAliveTablePublishTimeout), options.IAmAliveTablePublishTimeout, failures);
        Positive(nameof(options.DeathVoteExpirationTimeout), options.DeathVoteExpirationTimeout, failures);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void Count(string key, int value, List<string> failures)
    {
        if (value is < 1 or > 100)
        {
            failures.Add($"{Section}:{key} is '{value}': expected a whole number from 1 to 100.");
        }
    }

    private static void Positive(string key, TimeSpan value, List<string> failures)
    {
        if (value <= TimeSpan.Zero)
        {
            failures.Add($"{Section}:{key} is '{value:c}': expected a positive duration such as 00:00:05.");
        }
    }
}
