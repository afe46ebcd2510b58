using Kasparro.Grains.Interfaces.Runs;
using Kasparro.Grains.Interfaces.Sources;
using Kasparro.Grains.Storage;
using Kasparro.IntegrationTests.Infrastructure;
using Npgsql;

namespace Kasparro.IntegrationTests.Runs;

/// <summary>
/// The run log queries the comparer relies on, against a real PostgreSQL and the in-memory store,
/// with the same runs: both must answer alike (order, filter, limit) and keep anomalies whole.
/// </summary>
public sealed class RunLogStoreTests(MigratedDatabaseFixture db) : IClassFixture<MigratedDatabaseFixture>
{
    private static readonly DateTime T0 = new(2024, 3, 1, 12, 0, 0, DateTimeKind.Utc);

    public static TheoryData<string?, int> Queries => new()
    {
        { null, 100 },
        { "success", 100 },
        { "failed", 100 },
        { "running", 100 },
        { "success", 3 },
        { null, 1 },
    };

    [Theory]
    [MemberData(nameof(Queries))]
    public async Task Recent_runs_are_newest_first_filtered_and_limited_alike_in_both_stores(string? status, int limit)
    {
        var source = $"recent-{Guid.NewGuid():N}"[..20];
        var runs = SampleRuns(source);
        await using var postgres = NpgsqlDataSource.Create(db.ConnectionString);
        var stores = new IIngestionStore[] { new PostgresIngestionStore(postgres), new InMemoryIngestionStore() };
        foreach (var store in stores)
        {
            foreach (var run in runs.Append(Run("other-source", RunStatus.Success, T0.AddDays(1))))
            {
                await store.RecordRunAsync(run, CancellationToken.None);
            }
        }

        var filter = status is null ? (RunStatus?)null : RunStatusNames.Parse(status);
        var expected = runs
            .Where(r => filter is null || r.Status == filter)
            .OrderByDescending(r => r.StartedAt).ThenByDescending(r => r.RunId.ToString(), StringComparer.Ordinal)
            .Take(limit)
            .Select(r => r.RunId)
            .ToArray();
        Assert.NotEmpty(expected);
        foreach (var store in stores)
        {
            var found = await store.GetRecentRunsAsync(source, filter, limit, CancellationToken.None);
            Assert.Equal(expected, found.Select(r => r.RunId));
            Assert.All(found, r => Assert.Equal(source, r.Source));
        }
    }

    [Fact]
    public async Task Runs_started_at_the_same_moment_are_ordered_by_id_in_both_stores()
    {
        var source = $"ties-{Guid.NewGuid():N}"[..20];
        var runs = Enumerable.Range(0, 12).Select(_ => Run(source, RunStatus.Success, T0)).ToArray();
        await using var postgres = NpgsqlDataSource.Create(db.ConnectionString);
        var stores = new IIngestionStore[] { new PostgresIngestionStore(postgres), new InMemoryIngestionStore() };
        var answers = new List<Guid[]>();
        foreach (var store in stores)
        {
            foreach (var run in runs)
            {
                await store.RecordRunAsync(run, CancellationToken.None);
            }

            answers.Add((await store.GetRecentRunsAsync(source, null, 100, CancellationToken.None)).Select(r => r.RunId).ToArray());
        }

        Assert.Equal(12, answers[0].Length);
        Assert.Equal(answers[0], answers[1]);
    }

    [Fact]
    public async Task Anomalies_are_stored_with_the_run_and_replaced_when_the_run_is_written_again()
    {
        await using var postgres = NpgsqlDataSource.Create(db.ConnectionString);
        var anomalies = new[]
        {
            new RunAnomaly(AnomalyRules.RecordsOutlier, "read 1020 \"records\" — far from 102", new Dictionary<string, double> { ["records"] = 1020, ["robust_z"] = 90, ["mad"] = 0 }),
            new RunAnomaly(AnomalyRules.DurationOutlier, "slow", new Dictionary<string, double> { ["duration_seconds"] = 12.625, ["robust_z"] = -3.75 }),
        };
        foreach (var store in new IIngestionStore[] { new PostgresIngestionStore(postgres), new InMemoryIngestionStore() })
        {
            var running = Run("anomalies", RunStatus.Running, T0);
            await store.RecordRunAsync(running, CancellationToken.None);
            Assert.Empty((await store.GetRunAsync(running.RunId, CancellationToken.None))!.Anomalies);

            var finished = running with { Status = RunStatus.Success, CompletedAt = T0.AddSeconds(3), Anomalies = anomalies };
            await store.RecordRunAsync(finished, CancellationToken.None);
            var read = (await store.GetRunAsync(running.RunId, CancellationToken.None))!;
            Assert.Equal(anomalies.Select(a => (a.Rule, a.Message)), read.Anomalies.Select(a => (a.Rule, a.Message)));
            Assert.Equal(anomalies.Select(a => a.Values), read.Anomalies.Select(a => a.Values));
            var recent = Assert.Single(await store.GetRecentRunsAsync("anomalies", RunStatus.Success, 5, CancellationToken.None), r => r.RunId == running.RunId);
            Assert.Equal(2, recent.Anomalies.Count);

            await store.RecordRunAsync(finished with { Anomalies = [] }, CancellationToken.None);
            Assert.Empty((await store.GetRunAsync(running.RunId, CancellationToken.None))!.Anomalies);
        }

        Assert.Equal(0L, await TestPostgres.ScalarAsync<long>(db.ConnectionString, "SELECT count(*) FROM run_log WHERE anomalies <> '[]'::jsonb"));
    }

    [Fact]
    public async Task A_limit_below_one_is_refused_by_both_stores()
    {
        await using var postgres = NpgsqlDataSource.Create(db.ConnectionString);
        foreach (var store in new IIngestionStore[] { new PostgresIngestionStore(postgres), new InMemoryIngestionStore() })
        {
            await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => store.GetRecentRunsAsync("x", null, 0, CancellationToken.None));
        }
    }

    /// <summary>Runs a minute apart in a shuffled order of writing, with each status.</summary>
    private static RunInfo[] SampleRuns(string source)
    {
        var statuses = new[] { RunStatus.Success, RunStatus.Failed, RunStatus.Success, RunStatus.Running, RunStatus.Success, RunStatus.Success, RunStatus.Failed, RunStatus.Success };
        return statuses.Select((s, i) => Run(source, s, T0.AddMinutes((i * 5) % statuses.Length))).ToArray();
    }

    [Fact]
    public async Task A_run_whose_checkpoint_or_message_holds_nul_is_still_logged()
    {
        // jsonb refuses \u0000 (22P05) and text refuses NUL (22021): a record refused for such data would
        // be retried without end from the source's outbox, so the run log makes it storable instead.
        var source = $"nul-{Guid.NewGuid():N}"[..20];
        var checkpoint = new SourceCheckpoint(3, T0, CoinGecko: new CoinGeckoCheckpoint(2, false, new Dictionary<string, DateTime> { ["bit\0coin"] = T0 }));
        var run = Run(source, RunStatus.Failed, T0) with { CheckpointBefore = checkpoint, CheckpointAfter = checkpoint, ErrorType = "internal_error", ErrorMessage = "bad\0byte" };
        await using var postgres = NpgsqlDataSource.Create(db.ConnectionString);
        var store = new PostgresIngestionStore(postgres);

        await store.RecordRunAsync(run, CancellationToken.None);

        var logged = await store.GetRunAsync(run.RunId, CancellationToken.None);
        Assert.NotNull(logged);
        Assert.Equal(RunStatus.Failed, logged.Status);
        Assert.Equal("badbyte", logged.ErrorMessage);
        Assert.Equal(["bitcoin"], logged.CheckpointAfter!.CoinGecko!.LastUpdated!.Keys);
    }

    private static RunInfo Run(string source, RunStatus status, DateTime startedAt) => new(
        Guid.NewGuid(), source, status, startedAt, status == RunStatus.Running ? null : startedAt.AddSeconds(2), 10, 9, 1,
        new Dictionary<string, long> { ["missing_field"] = 1 }, null, null, SourceCheckpoint.Start, null, "manual");
}
