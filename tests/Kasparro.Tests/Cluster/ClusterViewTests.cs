using System.Net;
using Kasparro.Hosting;

namespace Kasparro.Tests.Cluster;

public sealed class ClusterViewTests
{
    private static readonly DateTime Now = new(2026, 12, 1, 12, 0, 0, DateTimeKind.Utc);
    private static readonly SiloAddress A = Silo(1001);
    private static readonly SiloAddress B = Silo(1002);
    private static readonly SiloAddress C = Silo(1003);

    private static SiloAddress Silo(int port) => SiloAddress.New(new IPEndPoint(IPAddress.Loopback, port), 1);

    private static MembershipEntry Member(SiloAddress silo, SiloStatus status, params (SiloAddress By, double SecondsAgo)[] votes) => new()
    {
        SiloAddress = silo,
        Status = status,
        SiloName = $"silo-{silo.Endpoint.Port}",
        HostName = "host",
        SuspectTimes = votes.Select(v => Tuple.Create(v.By, Now.AddSeconds(-v.SecondsAgo))).ToList(),
        StartTime = Now.AddHours(-1),
        IAmAliveTime = Now,
    };

    private static IReadOnlyList<string> Problems(params MembershipEntry[] members) =>
        ClusterView.Problems(members, Now, new Orleans.Configuration.ClusterMembershipOptions(), new HealthOptions { DegradedAfterSiloDeath = TimeSpan.FromMinutes(1) });

    [Fact]
    public void Active_silos_nobody_suspects_are_no_problem() =>
        Assert.Empty(Problems(Member(A, SiloStatus.Active), Member(B, SiloStatus.Active), Member(C, SiloStatus.Joining)));

    [Fact]
    public void A_suspected_silo_is_named_with_its_endpoint()
    {
        var problem = Assert.Single(Problems(Member(A, SiloStatus.Active), Member(B, SiloStatus.Active, (A, 3))));

        Assert.Contains("127.0.0.1:1002 (silo-1002) is suspected by 1 of its peers (2 votes declare it dead), last 3 s ago", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Expired_suspicions_are_forgotten() =>
        Assert.Empty(Problems(Member(B, SiloStatus.Active, (A, 600))));

    [Fact]
    public void A_silo_declared_dead_a_moment_ago_degrades_the_cluster_for_a_while()
    {
        Assert.Contains("127.0.0.1:1003 (silo-1003) was declared dead 20 s ago", Assert.Single(Problems(Member(C, SiloStatus.Dead, (A, 25), (B, 20)))), StringComparison.Ordinal);
        Assert.Empty(Problems(Member(C, SiloStatus.Dead, (A, 125), (B, 120))));
    }

    [Fact]
    public void A_silo_that_left_gracefully_is_no_problem() =>
        Assert.Empty(Problems(Member(C, SiloStatus.Dead, (C, 5))));

    [Fact]
    public void A_silo_on_its_way_out_is_named() =>
        Assert.Contains("is leaving the cluster (ShuttingDown)", Assert.Single(Problems(Member(C, SiloStatus.ShuttingDown))), StringComparison.Ordinal);
}
