using Kasparro.Grains.Alerts;
using Kasparro.Grains.Connectors;
using Kasparro.Grains.Interfaces.Sources;
using Kasparro.Grains.Persistence;
using Kasparro.Grains.Storage;
using Kasparro.Grains.Telemetry;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Kasparro.Grains.Sources;

/// <summary>
/// One source (key = source id). Owns its checkpoint, the run in progress and a bounded run
/// history. A reminder drives its cycles (plus a grain timer for intervals under the reminder
/// minimum). A run goes on in the background (see SourceGrain.Run.cs), so every method answers
/// at once, and a trigger during a run returns that run.
/// </summary>
[GrainType("source")]
public sealed partial class SourceGrain(
    [PersistentState("source", StorageNames.GrainState)] IPersistentState<SourceState> state,
    SourceRunSettings settings,
    SourceDefinitionParser parser,
    IEnumerable<ISourceConnector> connectors,
    IIngestionStore store,
    IAlertStore alerts,
    IOptions<AlertOptions> alertOptions,
    KasparroMetrics metrics,
    SourceDataSignal dataChanged,
    Resilience.HttpFailureInjection httpFailures,
    TimeProvider time,
    ILogger<SourceGrain> logger) : Grain, ISourceGrain, IRemindable
{
    private const string ReminderName = "ingest";

    /// <summary>A moment's grace after scheduling, so the silo finishes starting before a first run.</summary>
    private static readonly TimeSpan FirstRunDelay = TimeSpan.FromSeconds(2);

    private Task _pendingWrite = Task.CompletedTask;
    private SourceDefinition? _definition;
    private IGrainTimer? _shortCycleTimer;
    private StateConflictGuard? _stateWrites;

    private DateTime Now => time.GetUtcNow().UtcDateTime;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        try
        {
            await ActivateAsync();
        }
        catch (Exception ex) when (DatabaseFailures.Translate(ex) is { } translated)
        {
            // Activation runs outside any grain call filter: the driver's exception would reach a
            // client-mode gateway as a codec failure (a 500), not as the database being down.
            throw translated;
        }
    }

    private async Task ActivateAsync()
    {
        if (!await LoadDefinitionAsync())
        {
            return; // no such source (any more): a reminder left behind is removed when it fires
        }

        // Stopped mid-run: by a crash (the run is still marked active) or by a graceful shutdown
        // (it was recorded as interrupted and marked for resumption). Either way, resume at once.
        var resume = state.State.ResumePending;
        if (state.State.ActiveRun is { } interrupted)
        {
            resume |= await CloseInterruptedRunAsync(interrupted);
        }

        await SettleOrScheduleAsync();
        if (resume && Definition.Enabled && !await HoldResumeWhilePausedAsync())
        {
            await StartRunAsync("resume");
        }
    }

    public async Task<RunInfo> TriggerRun()
    {
        var d = Definition;
        if (!d.Enabled)
        {
            throw Disabled(d);
        }

        RefuseWhilePaused();

        return _tracker?.Snapshot() ?? await StartRunAsync("manual");
    }

    public Task<SourceStatus> GetStatus()
    {
        var d = Definition;
        var next = d.Enabled && state.State.Paused is null ? (state.State.LastRunStartedAt ?? Now) + d.Interval : (DateTime?)null;
        return Task.FromResult(new SourceStatus(
            d.Id, d.Kind, d.Enabled, d.Interval, next, state.State.Checkpoint, _tracker?.Snapshot(),
            state.State.History.FirstOrDefault(), EffectiveFailureInjection, RememberedRenames(d), state.State.Paused));
    }

    public Task<RunInfo?> GetRun(Guid runId) =>
        Task.FromResult(_tracker?.Started.RunId == runId
            ? _tracker.Snapshot()
            : state.State.History.FirstOrDefault(r => r.RunId == runId));

    public Task<IReadOnlyList<RunInfo>> GetRecentRuns(int limit)
    {
        var runs = (_tracker is null ? [] : new[] { _tracker.Snapshot() }).Concat(state.State.History);
        return Task.FromResult<IReadOnlyList<RunInfo>>(runs.Take(Math.Clamp(limit, 1, settings.RunHistoryLimit + 1)).ToArray());
    }

    public async Task<FailureInjectionSettings> SetFailureInjection(FailureInjectionSettings injection)
    {
        ArgumentNullException.ThrowIfNull(injection);
        _ = Definition;
        state.State.FailureInjection = injection.Normalized();
        await PersistAsync();
        logger.FailureInjectionSet(Id, state.State.FailureInjection);
        return state.State.FailureInjection;
    }

    public async Task EnsureScheduled()
    {
        if (!IsDefined || !Definition.Enabled || state.State.Paused is not null) // a pause is state: it outlives silo restarts
        {
            if (await this.GetReminder(ReminderName) is { } reminder)
            {
                await this.UnregisterReminder(reminder);
            }

            _shortCycleTimer?.Dispose();
            _shortCycleTimer = null;
            if (state.State.ReminderPeriod is not null)
            {
                state.State.ReminderPeriod = null;
                await PersistAsync();
            }

            return;
        }

        // A reminder cannot tick faster than the silo's minimum; shorter intervals get a timer too.
        var interval = Definition.Interval;
        var period = interval < MinimumReminderPeriod ? MinimumReminderPeriod : interval;
        if (state.State.ReminderPeriod != period || await this.GetReminder(ReminderName) is null)
        {
            await this.RegisterOrUpdateReminder(ReminderName, FirstDueTime(interval), period);
            state.State.ReminderPeriod = period;
            await PersistAsync();
        }

        EnsureShortCycleTimer();
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName == ResumeReminderName)
        {
            await ResumeFromReminderAsync();
            return;
        }

        if (!IsDefined || !Definition.Enabled || state.State.Paused is not null)
        {
            await EnsureScheduled(); // deleted, disabled or paused since: this removes the reminder
            return;
        }

        EnsureShortCycleTimer();
        await StartScheduledRunIfDueAsync();
    }

    /// <summary>
    /// When the (re)registered reminder first fires: at once for a source that has never run (when
    /// <see cref="RunOptions.FirstRunAtStart"/>), otherwise one interval from now.
    /// </summary>
    private TimeSpan FirstDueTime(TimeSpan interval) =>
        settings.FirstRunAtStart && state.State.LastRunStartedAt is null ? FirstRunDelay : interval;

    private TimeSpan MinimumReminderPeriod => settings.MinimumReminderPeriod ?? TimeSpan.FromMinutes(1);

    /// <summary>Every state write goes through it: after an ETag conflict the activation deactivates (see the guard).</summary>
    private StateConflictGuard StateWrites => _stateWrites ??= new StateConflictGuard(this, logger);

    private FailureInjectionSettings EffectiveFailureInjection => state.State.FailureInjection ?? Definition.FailureInjection;

    private void EnsureShortCycleTimer()
    {
        var interval = Definition.Interval;
        if (interval >= MinimumReminderPeriod || _shortCycleTimer is not null)
        {
            return;
        }

        _shortCycleTimer = this.RegisterGrainTimer(
            _ => StartScheduledRunIfDueAsync(),
            new GrainTimerCreationOptions { DueTime = interval, Period = interval, Interleave = true, KeepAlive = true });
    }

    private async Task StartScheduledRunIfDueAsync()
    {
        // A little slack so a tick that arrives a moment early still counts as due.
        var due = state.State.LastRunStartedAt is not { } last || Now - last >= Definition.Interval * 0.9;
        if (_tracker is null && due && state.State.Paused is null)
        {
            await StartRunAsync("schedule");
        }
    }

    /// <summary>
    /// Grain state writes never overlap: a run's checkpoint writes and API calls interleave on the
    /// grain's scheduler, so each write is chained after the one before it (single-threaded, no lock).
    /// </summary>
    private Task PersistAsync()
    {
        var previous = _pendingWrite;
        var next = WriteAfterAsync(previous);
        _pendingWrite = next;
        return next;
    }

    private async Task WriteAfterAsync(Task previous)
    {
        try
        {
            await previous;
        }
        catch (Exception)
        {
            // That write's caller saw its failure; this write carries the latest state anyway.
        }

        await StateWrites.WriteAsync(state);
    }
}
