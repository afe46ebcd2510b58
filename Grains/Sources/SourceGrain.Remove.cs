using Kasparro.Grains.Interfaces.Drift;
using Kasparro.Grains.Interfaces.Sources;

namespace Kasparro.Grains.Sources;

/// <content>
/// Removing the source (<c>DELETE /sources/{id}</c>, through the registry): the run in progress is
/// cancelled and waited for, the schedule unregistered; with purge its data and its own state go too.
/// </content>
public sealed partial class SourceGrain
{
    /// <summary>
    /// Stops the source: cancels a run in progress and waits until it has stopped (its end recorded),
    /// unregisters the <c>ingest</c> and <c>resume</c> reminders and the short-cycle timer. With
    /// <paramref name="purge"/> it then deletes the source's data (assets, quote history, news items,
    /// rejected records, run log, drift log) and its grain state and its drift analyzer's, and deactivates; without, nothing is
    /// deleted. Whether the source runs again is the catalog's business (a removed definition is disabled).
    /// </summary>
    public async Task<SourcePurge> Remove(bool purge)
    {
        var source = this.GetPrimaryKeyString();
        // First, so its interleaved ticks cannot start another run while this one is waited for.
        _shortCycleTimer?.Dispose();
        _shortCycleTimer = null;
        if (_runTask is { IsCompleted: false } running)
        {
            if (_tracker is { } tracker)
            {
                logger.RemovingDuringRun(source, tracker.Started.RunId);
                await RequestCancelAsync(tracker);
            }

            // The run's steps interleave with this call on the grain's scheduler; it ends recorded
            // (run log, history, metrics) and never throws: its failures are the run's status.
            await running;
        }

        await UnscheduleAsync();
        logger.SourceRemoved(source, purge);
        if (!purge)
        {
            await PersistAsync();
            return SourcePurge.None;
        }

        // Nothing of the old state may be written back (its interleaved retries would put run records
        // into the run log just purged): no settling retries, no outbox.
        _settleTimer?.Dispose();
        _settleTimer = null;
        _stateUnsaved = false;
        var purged = await store.PurgeSourceAsync(source, CancellationToken.None);
        purged = purged with
        {
            // The analyzer deletes its drift log rows and its own state (history, learned schema).
            DriftReports = await GrainFactory.GetGrain<IDriftAnalyzerGrain>(source).Purge(),
        };

        await _pendingWrite.ContinueWith(static _ => { }, TaskScheduler.Current);
        await state.ClearStateAsync();
        logger.SourcePurged(source, purged);
        DeactivateOnIdle();
        return purged;
    }

    /// <summary>Unregisters both reminders; the short-cycle timer is disposed already.</summary>
    private async Task UnscheduleAsync()
    {
        foreach (var name in new[] { ReminderName, ResumeReminderName })
        {
            if (await this.GetReminder(name) is { } reminder)
            {
                await this.UnregisterReminder(reminder);
            }
        }

        state.State.ReminderPeriod = null;
        state.State.ResumePending = false;
    }
}
