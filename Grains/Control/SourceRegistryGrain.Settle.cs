using Kasparro.Grains.Alerts;
using Kasparro.Grains.Interfaces.Control;
using Kasparro.Grains.Interfaces.Sources;

namespace Kasparro.Grains.Control;

/// <content>
/// Making a change stick. The definition and its audit event are stored in the registry's state
/// first (so neither is lost), then the source grain is given the definition and the event is written
/// to the event store. Either may fail (a silo going away, the database down): what is left stays in
/// the state and a timer retries it every few seconds until nothing is left. An event's alert
/// (<see cref="SourceChangeAlerts"/>) is raised after the event is written, before it leaves the outbox.
/// </content>
public sealed partial class SourceRegistryGrain
{
    private static readonly TimeSpan RetryPeriod = TimeSpan.FromSeconds(5);

    private IGrainTimer? _retry;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        KeepRetrying();
        return Task.CompletedTask;
    }

    /// <summary>Stores <paramref name="document"/> with its event, then hands it to its grain; a failed store leaves nothing changed.</summary>
    private async Task ChangeAsync(SourceDocument document, SourceEvent change)
    {
        var sources = state.State.Sources;
        var previous = sources.GetValueOrDefault(document.Id);
        var wasUnpushed = state.State.UnpushedSources.Contains(document.Id);
        sources[document.Id] = document;
        state.State.UnsentEvents.Add(change);
        state.State.UnpushedSources.Add(document.Id);
        try
        {
            await StateWrites.WriteAsync(state);
        }
        catch
        {
            if (previous is null)
            {
                sources.Remove(document.Id);
            }
            else
            {
                sources[document.Id] = previous;
            }

            state.State.UnsentEvents.Remove(change);
            if (!wasUnpushed)
            {
                state.State.UnpushedSources.Remove(document.Id);
            }

            throw;
        }

        logger.SourceChanged(document.Id, change.Kind, change.By, document.Version);
        await SettleAsync();
    }

    /// <summary>Records an event about a command already carried out (pause, reset, …): stored with the state, then sent.</summary>
    private async Task RecordAsync(SourceEvent happened)
    {
        state.State.UnsentEvents.Add(happened);
        logger.SourceChanged(happened.Source, happened.Kind, happened.By, happened.Version);
        try
        {
            await StateWrites.WriteAsync(state);
        }
        catch (Exception ex)
        {
            // The command took effect; its record waits in memory and the retry timer stores it.
            logger.StateNotWritten(ex, happened.Kind);
        }

        await SettleAsync();
    }

    /// <summary>Hands out definitions not yet acknowledged and writes unsent events; never throws.</summary>
    private async Task SettleAsync()
    {
        var settled = false;
        foreach (var id in state.State.UnpushedSources.Order(StringComparer.Ordinal).ToArray())
        {
            var document = state.State.Sources[id];
            try
            {
                await GrainFactory.GetGrain<ISourceGrain>(id).Define(document);
                state.State.UnpushedSources.Remove(id);
                settled = true;
            }
            catch (Exception ex)
            {
                logger.PushFailed(ex, id, document.Version);
            }
        }

        if (state.State.UnsentEvents.Count > 0)
        {
            var batch = state.State.UnsentEvents.ToArray();
            var written = false;
            try
            {
                await events.AppendAsync(batch, CancellationToken.None);
                written = true;

                // Their alerts before the events leave the outbox: the fact first, then the alert. Should
                // raising fail, both are retried (appending and raising again store nothing twice).
                if (SourceChangeAlerts.For(batch) is { Count: > 0 } raised)
                {
                    await alerts.RaiseAsync(raised, CancellationToken.None);
                }

                var sent = batch.Select(e => e.EventId).ToHashSet();
                state.State.UnsentEvents.RemoveAll(e => sent.Contains(e.EventId));
                settled = true;
            }
            catch (Exception ex) when (written)
            {
                logger.ChangeAlertsNotRaised(ex, batch.Length);
            }
            catch (Exception ex)
            {
                logger.EventsNotWritten(ex, batch.Length);
            }
        }

        if (settled)
        {
            try
            {
                await StateWrites.WriteAsync(state);
            }
            catch (Exception ex)
            {
                logger.StateNotWritten(ex, "settling");
            }
        }

        KeepRetrying();
    }

    private bool Pending => state.State.UnpushedSources.Count > 0 || state.State.UnsentEvents.Count > 0;

    /// <summary>A retry timer while anything is pending, none otherwise.</summary>
    private void KeepRetrying()
    {
        if (Pending && _retry is null)
        {
            _retry = this.RegisterGrainTimer(
                _ => SettleAsync(), new GrainTimerCreationOptions(RetryPeriod, RetryPeriod) { KeepAlive = true });
        }
        else if (!Pending && _retry is not null)
        {
            _retry.Dispose();
            _retry = null;
        }
    }
}
