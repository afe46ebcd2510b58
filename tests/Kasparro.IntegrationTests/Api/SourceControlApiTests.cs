using System.Net;
using Kasparro.Grains.Interfaces.Sources;
using Kasparro.IntegrationTests.Infrastructure;

namespace Kasparro.IntegrationTests.Api;

/// <summary>
/// The source control endpoints end to end: gateway, source registry, source grain. (The input
/// checks and the OpenAPI description: <see cref="SourceControlInputTests"/>.)
/// </summary>
public sealed class SourceControlApiTests(SourceControlGateway gateway) : IClassFixture<SourceControlGateway>
{
    [Fact]
    public async Task Pause_and_resume_answer_the_source_with_its_pause()
    {
        var paused = await gateway.PostAsync("/sources/ctl/pause", body: new { reason = "  vendor maintenance  " });

        Assert.Equal(HttpStatusCode.OK, paused.Status);
        Assert.False(string.IsNullOrEmpty(paused.Body.GetProperty("request_id").GetString()));
        var pause = paused.Body.GetProperty("paused");
        Assert.Equal("vendor maintenance", pause.GetProperty("reason").GetString());
        var by = pause.GetProperty("by").GetString();
        Assert.False(string.IsNullOrEmpty(by));
        Assert.NotEqual(SourceControlGateway.ApiKey, by); // the key's id, never the key
        Assert.InRange(pause.GetProperty("at").GetDateTime(), DateTime.UtcNow.AddMinutes(-5), DateTime.UtcNow.AddMinutes(1));
        Assert.Equal(System.Text.Json.JsonValueKind.Null, paused.Body.GetProperty("next_due_at").ValueKind);

        var run = await gateway.PostAsync("/sources/ctl/runs");
        SourceControlGateway.AssertProblem(run, HttpStatusCode.Conflict);
        Assert.Contains("paused", run.Body.GetProperty("detail").GetString(), StringComparison.Ordinal);

        // An empty body is a pause without a reason; pausing again keeps the first pause.
        var again = await gateway.PostAsync("/sources/ctl/pause");
        Assert.Equal(HttpStatusCode.OK, again.Status);
        Assert.Equal(pause.GetProperty("at").GetDateTime(), again.Body.GetProperty("paused").GetProperty("at").GetDateTime());
        Assert.Equal("vendor maintenance", again.Body.GetProperty("paused").GetProperty("reason").GetString());

        var resumed = await gateway.PostAsync("/sources/ctl/resume");
        Assert.Equal(HttpStatusCode.OK, resumed.Status);
        Assert.Equal(System.Text.Json.JsonValueKind.Null, resumed.Body.GetProperty("paused").ValueKind);
        Assert.Equal(HttpStatusCode.Accepted, (await gateway.PostAsync("/sources/ctl/runs")).Status);
        await Eventually.Until(() => gateway.Source("ctl").GetStatus(), s => s.ActiveRun is null, TimeSpan.FromSeconds(60), "the run after resuming");
    }

    [Fact]
    public async Task Reset_and_replay_move_the_checkpoint_back()
    {
        MarketCsv.Write(gateway.FileOf("other"), 100, SourceControlGateway.Assets);
        await gateway.Source("other").Reset();
        await gateway.RunToEndAsync("other");
        MarketCsv.Append(gateway.FileOf("other"), 100, 150, SourceControlGateway.Assets);
        var second = await gateway.RunToEndAsync("other");
        MarketCsv.Append(gateway.FileOf("other"), 150, 200, SourceControlGateway.Assets);
        await gateway.RunToEndAsync("other");

        var replayed = await gateway.PostAsync($"/sources/other/replay?from_run={second.RunId}");

        Assert.Equal(HttpStatusCode.OK, replayed.Status);
        Assert.Equal(second.CheckpointBefore.RecordsCommitted, replayed.Body.GetProperty("checkpoint").GetProperty("records_committed").GetInt64());
        var reread = await gateway.RunToEndAsync("other");
        Assert.Equal(second.CheckpointBefore.RecordsCommitted, reread.CheckpointBefore.RecordsCommitted);

        var reset = await gateway.PostAsync("/sources/other/reset");

        Assert.Equal(HttpStatusCode.OK, reset.Status);
        Assert.Equal(0, reset.Body.GetProperty("checkpoint").GetProperty("records_committed").GetInt64());
        Assert.Equal("start", reset.Body.GetProperty("checkpoint").GetProperty("position").GetString());
        Assert.Equal(MarketCsv.ExpectedFor(200, SourceControlGateway.Assets).Lines, (await gateway.RunToEndAsync("other")).RecordsRead);
    }

    [Fact]
    public async Task Reset_and_replay_during_a_run_are_409()
    {
        var earlier = await gateway.RunToEndAsync("ctl");
        await gateway.Source("big").Reset();
        var running = await gateway.Source("big").TriggerRun();

        var reset = await gateway.PostAsync("/sources/big/reset");
        var replay = await gateway.PostAsync($"/sources/big/replay?from_run={running.RunId}");

        SourceControlGateway.AssertProblem(reset, HttpStatusCode.Conflict);
        SourceControlGateway.AssertProblem(replay, HttpStatusCode.Conflict);
        Assert.Contains("cancel it or wait", reset.Body.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(RunStatus.Success, earlier.Status);
    }

    [Fact]
    public async Task Replay_of_an_unknown_run_is_404_of_another_sources_run_400_and_an_unknown_source_404()
    {
        var theirs = await gateway.RunToEndAsync("other");

        SourceControlGateway.AssertProblem(await gateway.PostAsync($"/sources/ctl/replay?from_run={Guid.NewGuid()}"), HttpStatusCode.NotFound);
        var mismatch = await gateway.PostAsync($"/sources/ctl/replay?from_run={theirs.RunId}");
        SourceControlGateway.AssertProblem(mismatch, HttpStatusCode.BadRequest);
        Assert.Contains("'other'", mismatch.Body.GetProperty("detail").GetString(), StringComparison.Ordinal);
        foreach (var action in new[] { "pause", "resume", "reset" })
        {
            SourceControlGateway.AssertProblem(await gateway.PostAsync($"/sources/nope/{action}"), HttpStatusCode.NotFound);
        }
    }
}
