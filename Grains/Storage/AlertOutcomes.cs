using Kasparro.Grains.Alerts;
using Kasparro.Grains.Interfaces.Alerts;

namespace Kasparro.Grains.Storage;

/// <summary>What both alert stores accept as a delivery's next state after an attempt (cancelling is the planner's alone).</summary>
internal static class AlertOutcomes
{
    public static void Check(DeliveryOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        if (outcome.State is not (AlertDeliveryStates.Pending or AlertDeliveryStates.Delivered or AlertDeliveryStates.Failed))
        {
            throw new ArgumentException($"An attempt leaves a delivery pending, delivered or failed, not '{outcome.State}'.", nameof(outcome));
        }
    }
}
