using Kasparro.Grains.Alerts;
using Kasparro.Grains.Interfaces.Alerts;
using Kasparro.Grains.Interfaces.Control;
using Kasparro.Grains.Interfaces.Sources;
using Kasparro.IntegrationTests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Core.Internal;

namespace Kasparro.IntegrationTests.Alerts;

/// <summary>
/// Alerts raised from real runs and commands on an in-process silo (InMemory stores): failures, a
/// failing streak and the recovery after it, a streak longer than the run history and across a
/// deactivation; a pause through the registry; drift under each policy.
/// </summary>
public sealed class AlertRaisingTests
{
    private const string Header = "id,symbol,name,price,market_cap,volume_24h,price_change_24h,timestamp";
    private const string DriftedHeader = "id,symbol,name,price_usd,market_cap,volume_24h,price_change_24h,timestamp,rank";

    private static IAlertStore Store(IngestionHarness h) => h.Silo.Host.Services.GetRequiredService<IAlertStore>();

    [Fact]
    public async Task Failing_runs_raise_run_failed_each_and_source_failing_once_then_a_success_raises_source_recovered()
    {
        await using var h = await IngestionHarness.StartAsync(null, [("flaky", 10)], new Dictionary<string, string?>
        {
            ["Kasparro:Alerts:ConsecutiveFailures"] = "3",
        });
        MarketCsv.Write(h.FileOf("flaky"), 30, 10);
        var source = h.Source("flaky");
        await source.SetFailureInjection(new FailureInjectionSettings(true, 0, 0, FailureType.NetworkError, null));

        var failed = new List<RunInfo>();
        for (var i = 0; i < 4; i++)
        {
            failed.Add(await h.RunToEndAsync("flaky"));
        }

        Assert.All(failed, r => Assert.Equal(RunStatus.Failed, r.Status));
        var raised = await RaisedAlerts.UntilAsync(Store(h), "flaky", a => a.Count(AlertKinds.RunFailed) == 4, "four run.failed alerts");
        var failing = Assert.Single(raised, a => a.Kind == AlertKinds.SourceFailing);
        Assert.Equal(failed[2].RunId, failing.RunId);
        Assert.Equal(3, failing.Data().GetProperty("consecutive_failures").GetInt32());
        Assert.Equal(failed.Select(r => $"run.failed:{r.RunId:N}").ToHashSet(), raised.Where(a => a.Kind == AlertKinds.RunFailed).Select(a => a.Id).ToHashSet());

        await source.SetFailureInjection(FailureInjectionSettings.Off);
        var ok = await h.RunToEndAsync("flaky");

        Assert.Equal(RunStatus.Success, ok.Status);
        raised = await RaisedAlerts.UntilAsync(Store(h), "flaky", a => a.Count(AlertKinds.SourceRecovered) == 1, "source.recovered");
        var recovered = Assert.Single(raised, a => a.Kind == AlertKinds.SourceRecovered);
        Assert.Equal(ok.RunId, recovered.RunId);
        Assert.Equal(4, recovered.Data().GetProperty("failed_runs").GetInt32());
        Assert.Equal(["run.failed", "source.failing"], recovered.Data().GetProperty("resolves").EnumerateArray().Select(e => e.GetString()));
        Assert.Single(raised, a => a.Kind == AlertKinds.SourceFailing);

        // A second success resolves nothing more.
        await h.RunToEndAsync("flaky");
        Assert.Single(await RaisedAlerts.OfAsync(Store(h), "flaky"), a => a.Kind == AlertKinds.SourceRecovered);
    }

    [Fact]
    public async Task A_streak_longer_than_the_run_history_survives_a_deactivation_and_is_counted_whole()
    {
        await using var h = await IngestionHarness.StartAsync(null, [("streaky", 10)], new Dictionary<string, string?>
        {
            ["Kasparro:Alerts:ConsecutiveFailures"] = "4",
            ["Kasparro:Runs:HistoryLimit"] = "2",
        });
        MarketCsv.Write(h.FileOf("streaky"), 30, 10);
        var source = h.Source("streaky");
        await source.SetFailureInjection(new FailureInjectionSettings(true, 0, 0, FailureType.NetworkError, null));
        var failed = new List<RunInfo>();
        for (var i = 0; i < 3; i++)
        {
            failed.Add(await h.RunToEndAsync("streaky"));
        }

        // The next activation reads the streak back from the stored state.
        var management = h.Silo.Grains.GetGrain<IManagementGrain>(0);
        await source.AsReference<IGrainManagementExtension>().DeactivateOnIdle();
        await Eventually.Until(async () => await management.GetActivationAddress(source), a => a is null, RaisedAlerts.Patience, "the source grain to deactivate");
        for (var i = 0; i < 2; i++)
        {
            failed.Add(await h.RunToEndAsync("streaky"));
        }

        await source.SetFailureInjection(FailureInjectionSettings.Off);
        var ok = await h.RunToEndAsync("streaky");

        Assert.All(failed, r => Assert.Equal(RunStatus.Failed, r.Status));
        Assert.Equal(RunStatus.Success, ok.Status);
        Assert.Equal(2, (await source.GetRecentRuns(50)).Count); // the history holds two runs, the streak was five
        var raised = await RaisedAlerts.UntilAsync(Store(h), "streaky", a => a.Count(AlertKinds.SourceRecovered) == 1, "source.recovered");
        Assert.Equal(5, raised.Count(AlertKinds.RunFailed));
        var failing = Assert.Single(raised, a => a.Kind == AlertKinds.SourceFailing);
        Assert.Equal(failed[3].RunId, failing.RunId);
        Assert.Equal(4, failing.Data().GetProperty("consecutive_failures").GetInt32());
        Assert.Equal(failed[0].CompletedAt, failing.Data().GetProperty("failing_since").GetDateTime());
        var recovered = Assert.Single(raised, a => a.Kind == AlertKinds.SourceRecovered);
        Assert.Equal(ok.RunId, recovered.RunId);
        Assert.Equal(5, recovered.Data().GetProperty("failed_runs").GetInt32());
        Assert.Equal(failed[0].CompletedAt, recovered.Data().GetProperty("failing_since").GetDateTime());
        Assert.Equal(failed[4].RunId.ToString(), recovered.Data().GetProperty("last_failed_run_id").GetString());
        Assert.Equal(["run.failed", "source.failing"], recovered.Data().GetProperty("resolves").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public async Task Pausing_and_resuming_through_the_registry_raise_source_paused_and_resumed_with_the_key_id()
    {
        await using var h = await IngestionHarness.StartAsync(null, [("held", 10)]);
        MarketCsv.Write(h.FileOf("held"), 10, 10);
        var registry = h.Silo.Grains.GetGrain<ISourceRegistryGrain>(0);
        await Eventually.Until(() => registry.Find("held"), d => d is not null, RaisedAlerts.Patience, "the registry to know the source");

        await registry.Pause("held", "maintenance", "ops-key");
        await registry.Unpause("held", "admin-key");

        var raised = await RaisedAlerts.UntilAsync(Store(h), "held", a => a.Count(AlertKinds.SourceResumed) == 1, "source.resumed");
        var paused = Assert.Single(raised, a => a.Kind == AlertKinds.SourcePaused);
        Assert.Equal("ops-key", paused.Data().GetProperty("by").GetString());
        Assert.Equal("paused", paused.Data().GetProperty("change").GetString());
        Assert.Contains("maintenance", paused.Summary, StringComparison.Ordinal);
        Assert.Equal("admin-key", Assert.Single(raised, a => a.Kind == AlertKinds.SourceResumed).Data().GetProperty("by").GetString());
        Assert.DoesNotContain(raised, a => a.Kind == AlertKinds.SourceChanged); // declared by configuration: no alert
    }

    [Theory]
    [InlineData("evolve", "evolved", RunStatus.Success)]
    [InlineData("warn", "warned", RunStatus.Success)]
    [InlineData("freeze", "frozen", RunStatus.Failed)]
    public async Task A_run_with_drift_raises_one_drift_detected_with_the_policy_decision(string policy, string decision, RunStatus status)
    {
        var id = $"drift-{policy}";
        await using var h = await IngestionHarness.StartAsync(null, [(id, 4)], new Dictionary<string, string?>
        {
            [$"Kasparro:Sources:{id}:DriftPolicy"] = policy,
        });
        var rows = Enumerable.Range(0, 10).Select(i => $"coin-{i},C{i},Coin {i},{1000 + i},{5000 + i},{70 + i},1.5,2024-05-01T00:00:00Z");
        await File.WriteAllLinesAsync(h.FileOf(id), [Header, .. rows]);
        Assert.Equal(RunStatus.Success, (await h.RunToEndAsync(id)).Status);
        var drifted = Enumerable.Range(0, 10).Select(i => $"coin-{i},C{i},Coin {i},{2000 + i},{6000 + i},{80 + i},-0.5,2024-05-01T01:00:00Z,{i + 1}");
        await File.WriteAllLinesAsync(h.FileOf(id), [DriftedHeader, .. drifted]);

        var run = await h.RunToEndAsync(id);

        Assert.Equal(status, run.Status);
        var raised = await RaisedAlerts.UntilAsync(Store(h), id, a => a.Any(x => x.RunId == run.RunId && x.Kind == AlertKinds.DriftDetected), "drift.detected");
        var drift = Assert.Single(raised, a => a.Kind == AlertKinds.DriftDetected); // three batches, one drift: one event
        Assert.Equal(run.RunId, drift.RunId);
        Assert.StartsWith($"drift.detected:{run.RunId:N}:", drift.Id, StringComparison.Ordinal);
        var data = drift.Data();
        Assert.Equal((policy, decision), (data.GetProperty("policy").GetString(), data.GetProperty("decision").GetString()));
        Assert.Equal(["rank"], data.GetProperty("new").EnumerateArray().Select(e => e.GetString()));
        var renamed = Assert.Single(data.GetProperty("renamed").EnumerateArray());
        Assert.Equal(("price", "price_usd"), (renamed.GetProperty("from").GetString(), renamed.GetProperty("to").GetString()));
        Assert.EndsWith($"policy {policy}: {decision}.", drift.Summary, StringComparison.Ordinal);
        if (status == RunStatus.Failed)
        {
            Assert.Single(raised, a => a.Kind == AlertKinds.RunFailed && a.RunId == run.RunId);
        }
    }
}
