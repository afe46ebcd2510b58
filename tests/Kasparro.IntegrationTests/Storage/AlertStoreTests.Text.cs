using System.Text.Json;
using Kasparro.Grains.Alerts;
using Kasparro.Grains.Interfaces.Alerts;
using Kasparro.Grains.Normalization;
using Npgsql;
using static Kasparro.IntegrationTests.Storage.AlertStores;

namespace Kasparro.IntegrationTests.Storage;

/// <content>Hostile text: nothing is refused, everything read back is storable, and both stores keep the same.</content>
public sealed partial class AlertStoreTests
{
    [Theory]
    [InlineData("postgres")]
    [InlineData("memory")]
    public async Task Hostile_text_is_stored_and_read_back_storable(string kind)
    {
        await using var postgres = NpgsqlDataSource.Create(db.ConnectionString);
        var store = await CreateAsync(kind, postgres, db.ConnectionString);
        var id = "run.failed:\0\ud800x";
        var source = "c\0sv\udc00";
        var summary = "a\0b\ud800c " + new string('x', 1024 * 1024);
        var hostile = new AlertEvent(id, "run.failed\0", source, T0, "crit\0", summary, Guid.NewGuid(), """{"a":"x\u0000y","b":"\ud800","c":[1,"\uD83D\uDE00"]}""");
        AlertEvent[] others =
        [
            Event("not-json", data: "not json at all \0"),
            Event("array", data: "[1,2]"),
            Event("empty", data: ""),
            Event("huge-data", data: JsonSerializer.Serialize(new { big = new string('y', 1024 * 1024) })),
            Event("error", summary: "\u0001"),
        ];

        await store.RaiseAsync([hostile, .. others], CancellationToken.None);
        await store.Plan(T0, Minute, Subscription("ops"));
        var claimed = await store.Claim(T0);
        var failing = claimed[0];
        Assert.True(await store.Record(failing.DeliveryId, "silo-a", T0, DeliveryOutcome.RetryAt(T0.AddMinutes(1)), status: null));
        await store.RecordAttemptAsync(failing.DeliveryId, "silo-a", new DeliveryAttempt(0, T0, null, "refused\0\ud800" + new string('e', 100_000), 1), DeliveryOutcome.Failed, CancellationToken.None);

        var read = await store.Get(id);
        var e = read.Event;
        Assert.All([e.Id, e.Kind, e.Source, e.Severity, e.Summary, e.Data], t => Assert.Null(StorableText.StoreProblem(t)));
        Assert.Equal(@"run.failed:\u0000\uD800x", e.Id);
        Assert.Equal(@"c\u0000sv\uDC00", e.Source);
        Assert.True(e.Summary.Length <= StorableText.MessageLimit + 1, $"summary of {e.Summary.Length}");
        Assert.StartsWith("ab\uFFFDc x", e.Summary, StringComparison.Ordinal);
        using (var data = JsonDocument.Parse(e.Data))
        {
            Assert.Equal("xy", data.RootElement.GetProperty("a").GetString());
            Assert.Equal("\uFFFD", data.RootElement.GetProperty("b").GetString());
            Assert.Equal("\U0001F600", data.RootElement.GetProperty("c")[1].GetString());
        }

        // Filters name the source and kind as they were raised, and find them as stored.
        var found = await store.PageAsync(new AlertQuery(source, "run.failed\0", null), new(1, 10), CancellationToken.None);
        Assert.Equal([e.Id], found.Items.Select(a => a.Event.Id));
        foreach (var other in others)
        {
            using var data = JsonDocument.Parse((await store.Get(other.Id)).Event.Data);
            Assert.Equal(JsonValueKind.Object, data.RootElement.ValueKind);
        }

        Assert.Contains("not json at all", (await store.Get("not-json")).Event.Data, StringComparison.Ordinal);
        Assert.All(claimed.SelectMany(c => c.Events), x => Assert.All([x.Id, x.Summary, x.Data], t => Assert.Null(StorableText.StoreProblem(t))));
        var attempts = (await store.Get(failing.Events[0].Id)).Deliveries.Single().AttemptLog;
        Assert.All(attempts, a => Assert.Null(StorableText.StoreProblem(a.Error)));
        Assert.True(attempts[^1].Error!.Length <= StorableText.MessageLimit + 1);
    }
}
