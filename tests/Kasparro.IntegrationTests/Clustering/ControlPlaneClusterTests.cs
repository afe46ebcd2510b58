using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Kasparro.IntegrationTests.Infrastructure;
using Xunit.Abstractions;
using static Kasparro.IntegrationTests.Clustering.ControlPlaneHttp;

namespace Kasparro.IntegrationTests.Clustering;

/// <summary>
/// Sources as durable cluster state, outside in: real silo processes on PostgreSQL and a client-mode
/// gateway. A source created through the gateway is scheduled and run on some silo and survives a
/// crash of every process; a source configuration declares refuses API changes (409 naming the key)
/// and, once no longer declared, is disabled with its data kept. Each test has its own database and
/// cluster id, as the processes are restarted in between.
/// </summary>
[Collection(nameof(FailoverRunsAlone))]
public sealed class ControlPlaneClusterTests(PostgresClusterFixture db, ITestOutputHelper output) : IClassFixture<PostgresClusterFixture>
{
    private const int Rows = 60;

    [Fact]
    public async Task A_source_created_through_the_gateway_runs_on_the_cluster_and_survives_a_restart_of_every_process()
    {
        const string source = "api-made";
        var clock = Stopwatch.StartNew();
        await using var cluster = await ControlPlaneCluster.CreateAsync(db, output);
        try
        {
            await cluster.StartAsync(silos: 3);
            output.WriteLine($"{clock.Elapsed.TotalSeconds:0.0} s: 3 silos and the gateway up");
            var file = MarketCsv.Write(Path.Combine(cluster.Directory, "api.csv"), Rows, Rows);
            var expected = MarketCsv.ExpectedFor(Rows, Rows);
            long version;
            HashSet<string> runsBefore;
            using (var http = cluster.Client())
            {
                using var created = await PutAsync(http, source, CsvBody(file, "00:00:02", 25));
                var body = await BodyAsync(created);
                Assert.True(created.StatusCode == HttpStatusCode.Created, $"{(int)created.StatusCode} {body}");
                version = body.GetProperty("version").GetInt64();
                Assert.Equal($"\"{version}\"", created.Headers.ETag?.Tag);
                Assert.Equal("api", body.GetProperty("managed_by").GetString());
                Assert.Contains(source, await SourceIdsAsync(http));
                var read = await GetJsonAsync(http, $"/sources/{source}");
                Assert.Equal(version, read.GetProperty("version").GetInt64());
                // A path of the machine is shown by its file name only (reads may be open to anyone).
                Assert.Equal(".../" + Path.GetFileName(file), read.GetProperty("definition").GetProperty("url").GetString());

                // Nobody triggers it: the schedule alone runs it, on whichever silo hosts its grain.
                await SuccessfulRunAsync(http, source, r => r.GetProperty("trigger").GetString() == "schedule", $"a scheduled run of {source}");
                output.WriteLine($"{clock.Elapsed.TotalSeconds:0.0} s: first scheduled run succeeded");
                await AssertDataOfOneCleanRunAsync(http, source, expected);
                var created1 = Assert.Single(await EventsAsync(http, source), e => e.GetProperty("kind").GetString() == "created");
                Assert.Equal("default", created1.GetProperty("by").GetString());
                Assert.Equal(version, created1.GetProperty("version").GetInt64());
                runsBefore = [.. (await RunsAsync(http, source)).Select(RunId)];
            }

            await cluster.StopAllAsync(hard: true);
            var restartedAt = DateTime.UtcNow;
            output.WriteLine($"{clock.Elapsed.TotalSeconds:0.0} s: every process killed (SIGKILL)");
            await cluster.StartAsync(silos: 3);
            output.WriteLine($"{clock.Elapsed.TotalSeconds:0.0} s: 3 new silos and a new gateway up");

            using var after = cluster.Client();
            using var again = await after.GetAsync(new Uri($"/sources/{source}", UriKind.Relative));
            var kept = await BodyAsync(again);
            Assert.True(again.StatusCode == HttpStatusCode.OK, $"{(int)again.StatusCode} {kept}");
            Assert.Equal(version, kept.GetProperty("version").GetInt64());
            Assert.Equal($"\"{version}\"", again.Headers.ETag?.Tag);
            Assert.Equal("api", kept.GetProperty("managed_by").GetString());
            Assert.Contains(source, await SourceIdsAsync(after));

            var next = await SuccessfulRunAsync(after, source,
                r => !runsBefore.Contains(RunId(r)) && r.GetProperty("started_at").GetDateTime() >= restartedAt && r.GetProperty("trigger").GetString() == "schedule",
                $"a scheduled run of {source} after the restart");
            output.WriteLine($"{clock.Elapsed.TotalSeconds:0.0} s: scheduled again after the restart (run {RunId(next)})");
            await AssertDataOfOneCleanRunAsync(after, source, expected);
            Assert.Contains(await EventsAsync(after, source), e => e.GetProperty("kind").GetString() == "created");
        }
        catch
        {
            cluster.DumpLogs();
            throw;
        }
    }

    [Fact]
    public async Task A_declared_source_refuses_api_changes_naming_its_key_and_once_undeclared_is_disabled_with_its_data_kept()
    {
        const string source = "declared";
        var clock = Stopwatch.StartNew();
        await using var cluster = await ControlPlaneCluster.CreateAsync(db, output);
        try
        {
            var file = MarketCsv.Write(Path.Combine(cluster.Directory, "declared.csv"), Rows, Rows);
            var expected = MarketCsv.ExpectedFor(Rows, Rows);
            var declaration = new Dictionary<string, string>
            {
                [$"Kasparro__Sources__{source}__Kind"] = "Csv",
                [$"Kasparro__Sources__{source}__Url"] = file,
                [$"Kasparro__Sources__{source}__Interval"] = "01:00:00",
                [$"Kasparro__Sources__{source}__BatchSize"] = "25",
            };
            await cluster.StartAsync(silos: 3, declaration);
            output.WriteLine($"{clock.Elapsed.TotalSeconds:0.0} s: 3 silos (declaring {source}) and the gateway up");

            long version;
            using (var http = cluster.Client())
            {
                var read = await GetJsonAsync(http, $"/sources/{source}");
                Assert.Equal("configuration", read.GetProperty("managed_by").GetString());
                version = read.GetProperty("version").GetInt64();
                using (var started = await http.PostAsync(new Uri($"/sources/{source}/runs", UriKind.Relative), content: null))
                {
                    Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
                }

                await SuccessfulRunAsync(http, source, _ => true, $"the triggered run of {source}");
                await AssertDataOfOneCleanRunAsync(http, source, expected);

                using var put = await PutAsync(http, source, CsvBody(file, "00:10:00", 25));
                var putProblem = await ProblemAsync(put, HttpStatusCode.Conflict);
                Assert.Contains($"Kasparro:Sources:{source}", putProblem.GetProperty("detail").GetString(), StringComparison.Ordinal);
                using var delete = await http.DeleteAsync(new Uri($"/sources/{source}", UriKind.Relative));
                var deleteProblem = await ProblemAsync(delete, HttpStatusCode.Conflict);
                Assert.Contains($"Kasparro:Sources:{source}", deleteProblem.GetProperty("detail").GetString(), StringComparison.Ordinal);
                Assert.Equal(version, (await GetJsonAsync(http, $"/sources/{source}")).GetProperty("version").GetInt64());
            }

            await cluster.StopAllAsync(hard: false);
            output.WriteLine($"{clock.Elapsed.TotalSeconds:0.0} s: every process stopped (SIGTERM); starting again without the declaration");
            await cluster.StartAsync(silos: 3);

            using var after = cluster.Client();
            var undeclared = await GetJsonAsync(after, $"/sources/{source}");
            Assert.Equal("api", undeclared.GetProperty("managed_by").GetString());
            Assert.Equal(version + 1, undeclared.GetProperty("version").GetInt64());
            Assert.Equal("false", undeclared.GetProperty("definition").GetProperty("enabled").GetString());
            var status = await Eventually.Until(
                async () => (await GetJsonAsync(after, $"/sources/{source}")).GetProperty("status"),
                s => s.ValueKind == JsonValueKind.Object, TimeSpan.FromSeconds(30), $"the status of {source}");
            Assert.False(status.GetProperty("enabled").GetBoolean(), status.ToString());
            await AssertDataOfOneCleanRunAsync(after, source, expected);
            var newest = (await EventsAsync(after, source))[0];
            Assert.Equal("undeclared", newest.GetProperty("kind").GetString());
            Assert.Equal("configuration", newest.GetProperty("by").GetString());

            // The API manages it now: it can change it again (here: enable it back).
            using var enabled = await PutAsync(after, source, CsvBody(file, "01:00:00", 25), $"\"{version + 1}\"");
            Assert.True(enabled.StatusCode == HttpStatusCode.OK, await enabled.Content.ReadAsStringAsync());
        }
        catch
        {
            cluster.DumpLogs();
            throw;
        }
    }

    private static string RunId(JsonElement run) => run.GetProperty("run_id").GetString()!;

    /// <summary>
    /// The source's assets in <c>GET /data</c> are those of the file, and its successful runs read its
    /// lines once between them (a checkpoint lost in a restart would have them read and counted again).
    /// </summary>
    private static async Task AssertDataOfOneCleanRunAsync(HttpClient http, string source, MarketCsv.Expected expected)
    {
        Assert.Equal(expected.Assets, await AssetCountAsync(http, source));
        var read = (await RunsAsync(http, source))
            .Where(r => r.GetProperty("status").GetString() == "success")
            .Sum(r => r.GetProperty("records_processed").GetInt64());
        Assert.Equal(expected.Lines, read);
    }
}
