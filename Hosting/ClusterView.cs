using System.Globalization;
using Orleans.Configuration;

namespace Kasparro.Hosting;

/// <summary>
/// Reads the membership table as <c>/health</c> reports it: a silo that others suspect (votes that
/// have not expired), a silo the cluster declared dead within <see cref="HealthOptions.DegradedAfterSiloDeath"/>
/// (its grains are being placed again) and a silo on its way out make the cluster degraded. A silo
/// that left gracefully (it wrote its own death; nobody voted) is not a problem, nor is one joining.
/// </summary>
public static class ClusterView
{
    public static IReadOnlyList<string> Problems(
        IEnumerable<MembershipEntry> members, DateTime utcNow, ClusterMembershipOptions membership, HealthOptions health)
    {
        ArgumentNullException.ThrowIfNull(members);
        ArgumentNullException.ThrowIfNull(membership);
        ArgumentNullException.ThrowIfNull(health);
        var voteLifetime = membership.DeathVoteExpirationTimeout;
        var votesNeeded = membership.NumVotesForDeathDeclaration;
        var problems = new List<string>();
        foreach (var member in members.OrderBy(m => m.SiloAddress.ToString(), StringComparer.Ordinal))
        {
            var votes = (member.SuspectTimes ?? [])
                .Where(v => !v.Item1.Equals(member.SiloAddress))
                .ToList();
            switch (member.Status)
            {
                case SiloStatus.Active:
                    var fresh = votes.Where(v => utcNow - v.Item2 < voteLifetime).ToList();
                    if (fresh.Count > 0)
                    {
                        problems.Add(string.Create(CultureInfo.InvariantCulture,
                            $"silo {Describe(member)} is suspected by {fresh.Select(v => v.Item1).Distinct().Count()} of its peers ({votesNeeded} votes declare it dead), last {Ago(utcNow, fresh.Max(v => v.Item2))}"));
                    }

                    break;
                case SiloStatus.Dead when votes.Count > 0:
                    var declared = votes.Max(v => v.Item2);
                    if (utcNow - declared < health.DegradedAfterSiloDeath)
                    {
                        problems.Add($"silo {Describe(member)} was declared dead {Ago(utcNow, declared)}; its grains move to the surviving silos");
                    }

                    break;
                case SiloStatus.ShuttingDown or SiloStatus.Stopping:
                    problems.Add($"silo {Describe(member)} is leaving the cluster ({member.Status})");
                    break;
            }
        }

        return problems;
    }

    /// <summary>The silo's endpoint (what an operator finds in the logs and the membership table) and its name.</summary>
    public static string Describe(MembershipEntry member)
    {
        ArgumentNullException.ThrowIfNull(member);
        var endpoint = member.SiloAddress.Endpoint;
        return string.IsNullOrEmpty(member.SiloName) ? $"{endpoint}" : $"{endpoint} ({member.SiloName})";
    }

    private static string Ago(DateTime utcNow, DateTime at) =>
        string.Create(CultureInfo.InvariantCulture, $"{Math.Max(0, (utcNow - at).TotalSeconds):0} s ago");
}
