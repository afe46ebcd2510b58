namespace Kasparro.Hosting;

/// <summary>What the cluster check found: the active silos and what degrades the cluster, or why the membership could not be read.</summary>
public sealed record ClusterState(int? ActiveSilos, string? Failure, IReadOnlyList<string> Degraded);
