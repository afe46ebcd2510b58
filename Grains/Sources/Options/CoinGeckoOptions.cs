using System.ComponentModel.DataAnnotations;
using Kasparro.Grains.Connectors.CoinGecko;

namespace Kasparro.Grains.Sources;

/// <summary>
/// The CoinGecko keys of a source entry (<c>Kasparro:Sources:{id}:Pages</c>, <c>PerPage</c>,
/// <c>VsCurrency</c>, <c>ApiKey</c>, <c>ApiPlan</c>), bound beside the other source keys. Only a
/// CoinGecko source reads them; the plan is checked for such a source only.
/// </summary>
public abstract class CoinGeckoOptions
{
    [Range(1, 1000)]
    public int? Pages { get; set; }

    [Range(1, 250)]
    public int? PerPage { get; set; }

    public string? VsCurrency { get; set; }

    public string? ApiKey { get; set; }

    /// <summary><c>Demo</c> (the default) or <c>Pro</c>: which header carries the key, and Pro's own host.</summary>
    public string? ApiPlan { get; set; }

    public bool ProPlan => string.Equals(ApiPlan?.Trim(), "Pro", StringComparison.OrdinalIgnoreCase);

    /// <summary>The failure in <c>{key}:ApiPlan</c>, or null when it is unset, Demo or Pro.</summary>
    public string? PlanProblem(string key) =>
        ApiPlan is null || ProPlan || string.Equals(ApiPlan.Trim(), "Demo", StringComparison.OrdinalIgnoreCase)
            ? null
            : $"{key}:ApiPlan is '{ApiPlan}': expected Demo or Pro.";

    public CoinGeckoSettings CoinGecko() =>
        new(Pages ?? 1, PerPage ?? 250, VsCurrency ?? "usd", string.IsNullOrEmpty(ApiKey) ? null : ApiKey, ProPlan);
}
