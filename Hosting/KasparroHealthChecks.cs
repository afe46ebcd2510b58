namespace Kasparro.Hosting;

/// <summary>
/// The names and tags of the ASP.NET Core health checks every host registers. <c>live</c>: the
/// process serves (no dependency is asked). <c>ready</c>: the database answers (Postgres) and the
/// cluster is readable with an active silo. <c>/health</c> and <c>/health/ready</c> run the ready
/// checks, <c>/health/live</c> the live one (<see cref="OperationalEndpoints"/>).
/// </summary>
public static class KasparroHealthChecks
{
    public const string Live = "live";
    public const string Ready = "ready";

    public const string Process = "process";
    public const string Database = "database";
    public const string Cluster = "cluster";

    /// <summary>Where a check leaves what it found, for the response writers.</summary>
    internal const string FindingKey = "finding";
}
