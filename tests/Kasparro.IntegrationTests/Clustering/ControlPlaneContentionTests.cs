using System.Diagnostics;
using System.Net;
using Kasparro.Grains.Interfaces.Control;
using Kasparro.IntegrationTests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;
using static Kasparro.IntegrationTests.Clustering.ControlPlaneHttp;

namespace Kasparro.IntegrationTests.Clustering;

/// <summary>
/// The source registry under contention, outside in: concurrent writers with the same <c>If-Match</c>
/// through a client-mode gateway (one wins, the others get 412), and reads of the catalog while the
/// silo hosting the registry is killed (SIGKILL) right after a source was created. Each test starts its own processes on its own
/// database and cluster id.
/// </summary>
[Collection(nameof(FailoverRunsAlone))]
public sealed class ControlPlaneContentionTests(PostgresClusterFixture db, ITestOutputHelper output) : IClassFixture<PostgresClusterFixture>
{
    private const int Writers = 4;

    [Fact]
    public async Task Concurrent_puts_with_the_same_if_match_let_exactly_one_win_and_the_others_get_412()
    {
        const string source = "contended";
        await using var cluster = await ControlPlaneCluster.CreateAsync(db, output);
        var clients = new List<HttpClient>();
        try
        {
            await cluster.StartAsync(silos: 3);
            var file = MarketCsv.Write(Path.Combine(cluster.Directory, "contended.csv"), 10, 10);
            using var admin = cluster.Client();
            using (var created = await PutAsync(admin, source, CsvBody(file, "01:00:00", 5)))
            {
                Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            }

            var read = await GetJsonAsync(admin, $"/sources/{source}");
            var version = read.GetProperty("version").GetInt64();
            var tag = $"\"{version}\"";

            // Each writer on its own connection, opened beforehand, released together.
            for (var i = 0; i < Writers; i++)
            {
                var client = cluster.Client();
                clients.Add(client);
                _ = await GetJsonAsync(client, $"/sources/{source}");
            }

            var go = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var puts = clients.Select((client, i) => Task.Run(async () =>
            {
                await go.Task;
                return await PutAsync(client, source, CsvBody(file, "01:00:00", 100 + i), tag);
            })).ToArray();
            go.SetResult();
            var answers = await Task.WhenAll(puts);
            try
            {
                var statuses = answers.Select(a => a.StatusCode).ToArray();
                output.WriteLine("answers: " + string.Join(", ", statuses.Select(s => (int)s)));
                var winner = Assert.Single(Enumerable.Range(0, Writers), i => statuses[i] == HttpStatusCode.OK);
                foreach (var loser in answers.Where(a => a.StatusCode != HttpStatusCode.OK))
                {
                    var problem = await ProblemAsync(loser, HttpStatusCode.PreconditionFailed);
                    Assert.Equal(412, problem.GetProperty("status").GetInt32());
                }

                Assert.Equal($"\"{version + 1}\"", answers[winner].Headers.ETag?.Tag);
                var final = await GetJsonAsync(admin, $"/sources/{source}");
                Assert.Equal(version + 1, final.GetProperty("version").GetInt64());
                Assert.Equal($"{100 + winner}", final.GetProperty("definition").GetProperty("batch_size").GetString());
                Assert.Single(await EventsAsync(admin, source), e => e.GetProperty("kind").GetString() == "replaced");
            }
            finally
            {
                foreach (var answer in answers)
                {
                    answer.Dispose();
                }
            }
        }
        catch
        {
            cluster.DumpLogs();
            throw;
        }
        finally
        {
            clients.ForEach(c => c.Dispose());
        }
    }

    [Fact]
    public async Task The_gateway_serves_the_catalog_and_a_source_just_created_while_the_silo_hosting_the_registry_is_killed()
    {
        const string source = "made-before-the-kill";
        var clock = Stopwatch.StartNew();
        await using var cluster = await ControlPlaneCluster.CreateAsync(db, output);
        try
        {
            await cluster.StartAsync(silos: 3);
            var file = MarketCsv.Write(Path.Combine(cluster.Directory, "before.csv"), 10, 10);
            using var admin = cluster.Client();
            SiloProcess victim;
            using (var client = await FailoverTests.StartClientAsync(cluster.ClusterId, cluster.ConnectionString))
            {
                // Every silo declares configuration to the registry at start, so it is active by now.
                var grains = client.Services.GetRequiredService<IClusterClient>();
                var address = await grains.GetGrain<IManagementGrain>(0).GetActivationAddress(grains.GetGrain<ISourceRegistryGrain>(0));
                victim = cluster.Silos.FirstOrDefault(s => s.SiloPort == address?.Endpoint.Port) ?? cluster.Silos[0];
            }

            await using var list = new SteadyReads(cluster.BaseAddress, clock, "/sources");
            await Eventually.Until(() => Task.FromResult(list.SuccessesSince("/sources", TimeSpan.Zero)), n => n >= 5, TimeSpan.FromSeconds(60), "reads to flow");

            // Created, then its registry's silo is gone at once: the 201 means the definition is durable.
            using (var created = await PutAsync(admin, source, CsvBody(file, "01:00:00", 5)))
            {
                Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            }

            victim.KillHard();
            var killedAt = clock.Elapsed;
            await using var one = new SteadyReads(cluster.BaseAddress, clock, $"/sources/{source}");
            output.WriteLine($"{killedAt.TotalSeconds:0.0} s: created {source}, killed {victim.Name} (silo port {victim.SiloPort}), the registry's host");
            await Eventually.Until(
                () => TestPostgres.ScalarAsync<int>(cluster.ConnectionString,
                    $"SELECT status FROM orleansmembershiptable WHERE deploymentid = '{cluster.ClusterId}' AND port = {victim.SiloPort} ORDER BY generation DESC LIMIT 1"),
                s => s == 6, TimeSpan.FromSeconds(60), $"{victim.Name} declared dead");
            var deadAt = clock.Elapsed;
            output.WriteLine($"{deadAt.TotalSeconds:0.0} s: declared dead");
            await Eventually.Until(
                () => Task.FromResult(Math.Min(list.SuccessesSince("/sources", deadAt), one.SuccessesSince($"/sources/{source}", deadAt))),
                n => n >= 5, TimeSpan.FromSeconds(60), "reads after the death");
            await list.StopAsync();
            await one.StopAsync();

            var answers = list.Answers.Concat(one.Answers).ToList();
            var afterKill = answers.Where(a => a.At >= killedAt).ToList();
            output.WriteLine($"{answers.Count} reads, {afterKill.Count} after the kill, slowest after it {afterKill.Max(a => a.Took).TotalMilliseconds:0} ms");
            var wrong = answers.Where(a => a.Status != HttpStatusCode.OK).ToList();
            Assert.True(wrong.Count == 0, "reads that did not answer 200:\n" + string.Join('\n', wrong));
            Assert.Contains(source, await SourceIdsAsync(admin));
        }
        catch
        {
            cluster.DumpLogs();
            throw;
        }
    }
}
