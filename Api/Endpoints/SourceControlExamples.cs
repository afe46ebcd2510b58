using Kasparro.Api.Contracts;
using Kasparro.Grains.Interfaces.Control;
using Kasparro.Grains.Interfaces.Sources;

namespace Kasparro.Api.Endpoints;

/// <summary>The OpenAPI examples of the source control endpoints: a CSV source as each of them leaves it.</summary>
internal static class SourceControlExamples
{
    private static readonly DateTime At = new(2026, 3, 10, 9, 30, 0, DateTimeKind.Utc);

    public static PauseBody PauseRequest => new("vendor maintenance until 14:00 UTC");

    /// <summary>After a pause: no next due time, the pause with its reason and key id.</summary>
    public static SourceView Paused => View(Positioned, new SourcePause(At, PauseRequest.Reason, "ops-team"));

    /// <summary>After a resume: scheduled again.</summary>
    public static SourceView Resumed => View(Positioned, pause: null);

    /// <summary>After a reset: the checkpoint at the start.</summary>
    public static SourceView Reset => View(SourceCheckpoint.Start, pause: null);

    /// <summary>After a replay: the checkpoint where the run replayed from started.</summary>
    public static SourceView Replayed => View(new SourceCheckpoint(800, At.AddHours(-30), Csv(800)), pause: null);

    private static SourceCheckpoint Positioned => new(1200, At.AddMinutes(-4), Csv(1200));

    private static CsvCheckpoint Csv(long lines) =>
        new(lines * 82, lines + 1, 98_400, At.AddMinutes(-5), "3f1c…", "9ab2…", ["id", "symbol", "name", "price", "market_cap", "volume_24h", "price_change_24h", "timestamp"]);

    private static SourceView View(SourceCheckpoint checkpoint, SourcePause? pause)
    {
        var interval = TimeSpan.FromMinutes(5);
        var status = new SourceStatus(
            "csv", SourceKind.Csv, true, interval, pause is null ? At + interval : null, checkpoint, null, null,
            FailureInjectionSettings.Off, null, pause);
        var view = SourceView.From(status, At);
        view.RequestId = "0HNA4QK2RJ1UE:00000007";
        view.Timestamp = At;
        return view;
    }
}
