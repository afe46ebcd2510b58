namespace Kasparro.Grains.Telemetry;

/// <summary>The project's own meter. Instruments are added by the components that record them.</summary>
public static class KasparroMetrics
{
    public const string MeterName = "Kasparro";
}
