using Kasparro.Grains.Interfaces.Sources;

namespace Kasparro.Grains.Sources;

/// <content>
/// Resume after any stop. A crash leaves the run marked active in the stored state; a graceful
/// shutdown records it as interrupted and sets <see cref="SourceState.ResumePending"/>. Either way
/// the next activation resumes it from the last durable checkpoint. The silo start activates every
/// source (see <see cref="SourceScheduler"/>); for another silo of the cluster, which nobody may
/// call, the stopping activation registers a short <c>resume</c> reminder, which the reminder
/// service of whichever silo owns it then delivers, activating the grain there.
/// </content>
public sealed partial class SourceGrain
{
    private const string ResumeReminderName = "resume";

    /// <summary>
    /// How soon after a graceful stop the resume reminder is due. It leaves the surviving silos time
    /// to take over the stopping silo's share of the reminders: a reminder first loaded after its due
    /// time would wait for its next period. Should that happen anyway, the period (the silo's minimum
    /// reminder period) is the bound.
    /// </summary>
    private static readonly TimeSpan ResumeDelay = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Records a run the stored state still calls active; true when it has to be resumed. When the
    /// run log already holds its end (the state write after it failed), that record stands.
    /// </summary>
    private async Task<bool> CloseInterruptedRunAsync(RunInfo interrupted)
    {
        RunInfo? logged = null;
        try
        {
            logged = await store.GetRunAsync(interrupted.RunId, CancellationToken.None);
        }
        catch (Exception ex)
        {
            logger.InterruptedRunNotRead(ex, Id, interrupted.RunId);
        }

        state.State.ActiveRun = null;
        if (logged is { Status: not RunStatus.Running } ended)
        {
            state.State.RecordEnd(ended, settings.RunHistoryLimit);
            await PersistAsync();
            // A graceful stop whose marker never got stored still resumes.
            return ended.Status == RunStatus.Failed && ended.ErrorType == Runs.RunLogReconciliation.InterruptedErrorType;
        }

        // The silo that ran it died mid-run: nothing past the stored checkpoint is trusted. Record the
        // run as failed, then resume from that checkpoint (writes are idempotent, re-reading is safe).
        logger.ResumingInterruptedRun(Id, interrupted.RunId);
        var failed = interrupted with
        {
            Status = RunStatus.Failed,
            CompletedAt = Now,
            ErrorType = Runs.RunLogReconciliation.InterruptedErrorType,
            ErrorMessage = "The silo running this run stopped before it finished; the next run resumed from the last durable checkpoint.",
            CheckpointAfter = state.State.Checkpoint,
        };
        state.State.RecordEnd(failed, settings.RunHistoryLimit);
        await LogRunAsync(failed);
        await PersistAsync();
        RunFinished(failed);
        return true;
    }

    /// <summary>Asks the cluster to activate this source soon after it stopped mid-run, wherever it lands.</summary>
    private async Task ScheduleResumeAsync()
    {
        try
        {
            await this.RegisterOrUpdateReminder(ResumeReminderName, ResumeDelay, MinimumReminderPeriod);
        }
        catch (Exception ex)
        {
            // The next activation (a silo start activates every source) still resumes it.
            logger.ResumeReminderFailed(ex, Id);
        }
    }

    /// <summary>The resume reminder fired: the activation it caused has resumed the run already; the reminder has done its work.</summary>
    private async Task ResumeFromReminderAsync()
    {
        if (await this.GetReminder(ResumeReminderName) is { } reminder)
        {
            await this.UnregisterReminder(reminder);
        }

        // Paused: the resume stays pending and runs when the source is resumed (see SourceGrain.Control.cs).
        if (state.State.ResumePending && state.State.Paused is null && IsDefined && Definition.Enabled)
        {
            await StartRunAsync("resume");
        }
    }
}
