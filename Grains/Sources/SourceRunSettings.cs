using Microsoft.Extensions.Options;

namespace Kasparro.Grains.Sources;

/// <summary>What the source grains and their scheduler read from the options: the run options and the reminder floor.</summary>
public sealed class SourceRunSettings(IOptions<RunOptions> runs, IOptions<ReminderOptions> reminders)
{
    public int RunHistoryLimit => runs.Value.HistoryLimit;

    public bool FirstRunAtStart => runs.Value.FirstRunAtStart;

    /// <summary>Smallest reminder period the silo accepts (<c>Kasparro:Reminders:MinimumPeriod</c>; Orleans' default is one minute).</summary>
    public TimeSpan? MinimumReminderPeriod => reminders.Value.MinimumReminderPeriod;
}
