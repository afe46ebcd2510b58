using Kasparro.Grains.Interfaces.Alerts;

namespace Kasparro.Api.Contracts;

/// <summary>How many deliveries, over every alert, are in each state.</summary>
public sealed record AlertCountsView(long Pending, long Delivered, long Failed, long Cancelled)
{
    public static AlertCountsView From(AlertCounts c)
    {
        ArgumentNullException.ThrowIfNull(c);
        return new AlertCountsView(c.Pending, c.Delivered, c.Failed, c.Cancelled);
    }
}
