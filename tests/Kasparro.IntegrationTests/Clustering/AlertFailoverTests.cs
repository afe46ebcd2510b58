using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;
using Kasparro.IntegrationTests.Alerts;
using Kasparro.IntegrationTests.Infrastructure;
using Npgsql;
using Xunit.Abstractions;
using static Kasparro.IntegrationTests.Clustering.ControlPlaneHttp;

namespace Kasparro.IntegrationTests.Clustering;

/// <summary>
/// Alert delivery survives the death of the silo delivering it, outside in: two silo processes and a
/// client-mode gateway on PostgreSQL, a local receiver that refuses the first attempt and holds the
/// second open. The silo holding the delivery's lease (read from <c>alert_deliveries</c>) is killed
/// with SIGKILL while its attempt hangs; once the lease runs out the other silo sends the same
/// message (same webhook-id, same bytes, a valid signature), and the alert is recorded delivered.
/// </summary>
[Collection(nameof(FailoverRunsAlone))]
public sealed class AlertFailoverTests(PostgresClusterFixture db, ITestOutputHelper output) : IClassFixture<PostgresClusterFixture>
{
    private const string Secret = "whsec_ZmFpbG92ZXItdGVzdC1zaWduaW5nLWtleS0xMjM0NTY3OA==";

    private static readonly Dictionary<string, string> FastAlerts = new()
    {
        ["Kasparro__Alerts__PollInterval"] = "00:00:00.200",
        ["Kasparro__Alerts__FirstRetryDelay"] = "00:00:00.500",
        ["Kasparro__Alerts__MaxRetryDelay"] = "00:00:01",
        ["Kasparro__Alerts__RequestTimeout"] = "00:00:20",
        ["Kasparro__Alerts__Lease"] = "00:00:25",
        ["Kasparro__Alerts__GroupWindow"] = "00:00:00",
    };

    [Fact]
    public async Task Killing_the_silo_that_delivers_mid_retry_still_gets_the_alert_delivered_once_with_its_id()
    {
        var clock = Stopwatch.StartNew();
        await using var receiver = await WebhookReceiver.StartAsync();
        // 1: refused; 2: held open until the test is done with it (its silo is killed meanwhile); then accepted.
        receiver.Answer = r => r.Number switch
        {
            1 => WebhookAnswer.With(503, "not yet"),
            2 => WebhookAnswer.Ok with { Delay = TimeSpan.FromMinutes(2) },
            _ => WebhookAnswer.Ok,
        };

        await using var cluster = await ControlPlaneCluster.CreateAsync(db, output);
        try
        {
            await cluster.StartAsync(silos: 2, FastAlerts);
            output.WriteLine($"{clock.Elapsed.TotalSeconds:0.0} s: 2 silos and the gateway up");
            using var http = cluster.Client();
            using (var hook = await SendJsonAsync(http, HttpMethod.Put, "/alerts/webhooks/ops", new
            {
                url = receiver.UrlFor("/hooks/ops"),
                kinds = new[] { "source.changed" },
                secret = Secret,
            }))
            {
                Assert.True(hook.StatusCode == HttpStatusCode.Created, $"{(int)hook.StatusCode} {await hook.Content.ReadAsStringAsync()}");
            }

            // The fact: a source created through the API raises source.changed.
            var file = MarketCsv.Write(Path.Combine(cluster.Directory, "alerted.csv"), 5, 5);
            using (var created = await PutAsync(http, "alerted", CsvBody(file, "01:00:00", 25)))
            {
                Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            }

            var held = (await receiver.WaitForAsync(2, TimeSpan.FromSeconds(60)))[1];
            var owner = await LeaseOwnerAsync(cluster.ConnectionString, held.WebhookId!);
            var victim = Assert.Single(cluster.Silos, s => owner.Contains($":{s.SiloPort}@", StringComparison.Ordinal));
            victim.KillHard();
            output.WriteLine($"{clock.Elapsed.TotalSeconds:0.0} s: attempt 2 held open; its silo {victim.Name} ({owner}) killed");

            var all = await receiver.WaitForAsync(3, TimeSpan.FromSeconds(90));
            output.WriteLine($"{clock.Elapsed.TotalSeconds:0.0} s: attempt 3 arrived: {string.Join(", ", all)}");
            Assert.All(all, r => Assert.Equal(held.WebhookId, r.WebhookId));
            Assert.All(all, r => Assert.True(r.SignatureVerifies(Secret), $"signature of {r}"));
            Assert.All(all, r => Assert.Equal(held.Body, r.Body));
            using var body = JsonDocument.Parse(all[^1].Body);
            Assert.Equal("source.changed", body.RootElement.GetProperty("type").GetString());
            Assert.Equal("alerted", body.RootElement.GetProperty("source").GetString());

            // Recorded delivered, by the survivor: the gateway shows it with the attempts that were logged.
            var alert = await Eventually.Until(
                async () => (await GetJsonAsync(http, "/alerts?source=alerted&kind=source.changed")).GetProperty("data").EnumerateArray().FirstOrDefault(),
                a => a.ValueKind == JsonValueKind.Object && a.GetProperty("deliveries")[0].GetProperty("state").GetString() == "delivered",
                TimeSpan.FromSeconds(30), "the alert recorded delivered");
            var delivery = alert.GetProperty("deliveries")[0];
            Assert.Equal(held.WebhookId, delivery.GetProperty("delivery_id").GetString());
            Assert.Equal(200, delivery.GetProperty("last_status_code").GetInt32());
            Assert.False(receiver.Received.Count > 3, $"no delivery after the one accepted: {string.Join(", ", receiver.Received)}");
        }
        catch
        {
            cluster.DumpLogs();
            throw;
        }
    }

    private static async Task<HttpResponseMessage> SendJsonAsync(HttpClient http, HttpMethod method, string path, object body)
    {
        using var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative))
        {
            Content = new StringContent(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json"),
        };
        return await http.SendAsync(request);
    }

    /// <summary>Who holds the delivery's lease (a silo address and a suffix), read while its attempt is in flight.</summary>
    private static async Task<string> LeaseOwnerAsync(string connectionString, string deliveryId)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT lease_owner FROM alert_deliveries WHERE delivery_id = @id AND lease_until > now()", connection);
        command.Parameters.AddWithValue("id", deliveryId);
        return await command.ExecuteScalarAsync() as string ?? throw new InvalidOperationException($"Delivery {deliveryId} is not leased while its attempt is in flight.");
    }
}
