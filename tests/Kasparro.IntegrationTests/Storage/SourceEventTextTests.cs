using Kasparro.Grains.Interfaces.Control;
using Kasparro.Grains.Interfaces.Queries;
using Kasparro.Grains.Normalization;
using Kasparro.IntegrationTests.Infrastructure;
using Npgsql;
using static Kasparro.IntegrationTests.Storage.SourceEventStores;

namespace Kasparro.IntegrationTests.Storage;

/// <summary>
/// What an audit event holds comes back as it went in, where it can be stored as it is, and cleaned
/// the same way in both stores where it cannot: text from API callers (NUL, lone surrogates, a
/// megabyte) never fails a write, since a refused event would be retried from the outbox without end.
/// </summary>
public sealed class SourceEventTextTests(MigratedDatabaseFixture db) : IClassFixture<MigratedDatabaseFixture>
{
    [Theory]
    [InlineData("postgres")]
    [InlineData("memory")]
    public async Task Changes_round_trip_with_null_before_and_after_names_verbatim_and_in_name_order(string kind)
    {
        await using var postgres = NpgsqlDataSource.Create(db.ConnectionString);
        var store = Create(kind, postgres);
        var source = Source("changes", kind);
        var changes = new Dictionary<string, SettingChange>
        {
            ["Url"] = new("https://a.example/x.csv", "https://b.example/y.csv?q=1&r=\"2\""),
            ["Columns:symbol"] = new(null, "ticker"),
            ["Resilience:MaxAttempts"] = new("3", null),
            ["ApiKey"] = new("***", "***"),
            ["Interval"] = new("", "00:01:00"),
            ["Name"] = new("Crème brûlée 🚀 币", "tab\there\nline"),
            ["columns:Symbol"] = new(null, null),
        };
        var created = Event(source, At(0), SourceEventKinds.Created, changes: changes, version: 7, by: "admin-key-1", detail: "Created through the API.");
        var deleted = Event(source, At(1), SourceEventKinds.Deleted, version: null, by: "configuration", detail: "");

        await store.AppendAsync([created, deleted], CancellationToken.None);

        var page = await store.PageAsync(source, null, new PageRequest(1, 10), CancellationToken.None);
        var read = page.Items.Single(e => e.EventId == created.EventId);
        Assert.Equal(
            ["ApiKey", "Columns:symbol", "Interval", "Name", "Resilience:MaxAttempts", "Url", "columns:Symbol"],
            read.Changes.Keys);
        Assert.All(changes, c => Assert.Equal(c.Value, read.Changes[c.Key]));
        Assert.Equal((7L, "admin-key-1", "Created through the API.", SourceEventKinds.Created), (read.Version, read.By, read.Detail, read.Kind));
        Assert.Equal(created.At, read.At);
        Assert.Equal(DateTimeKind.Utc, read.At.Kind);
        var gone = page.Items.Single(e => e.EventId == deleted.EventId);
        Assert.Equal((null, "configuration", "", 0), (gone.Version, gone.By, gone.Detail, gone.Changes.Count));
    }

    [Theory]
    [InlineData("postgres")]
    [InlineData("memory")]
    public async Task Times_are_kept_in_utc_to_the_microsecond(string kind)
    {
        await using var postgres = NpgsqlDataSource.Create(db.ConnectionString);
        var store = Create(kind, postgres);
        var source = Source("time", kind);
        var precise = Event(source, T0.AddTicks(1_234_567)); // 0.1234567 s: the last tick is below a microsecond
        var unspecified = Event(source, DateTime.SpecifyKind(T0.AddHours(1), DateTimeKind.Unspecified));

        await store.AppendAsync([precise, unspecified], CancellationToken.None);

        var page = await store.PageAsync(source, null, new PageRequest(1, 10), CancellationToken.None);
        Assert.Equal([T0.AddHours(1), T0.AddTicks(1_234_560)], page.Items.Select(e => e.At));
        Assert.All(page.Items, e => Assert.Equal(DateTimeKind.Utc, e.At.Kind));
    }

    [Theory]
    [InlineData("postgres")]
    [InlineData("memory")]
    public async Task Hostile_text_is_stored_cleaned_and_clipped_without_an_error(string kind)
    {
        await using var postgres = NpgsqlDataSource.Create(db.ConnectionString);
        var store = Create(kind, postgres);
        var source = Source("hostile", kind);
        var megabyte = string.Concat(Enumerable.Repeat("reason\0 \uD800 ", 1024 * 1024 / 10));
        var hostile = Event(
            source, T0, SourceEventKinds.Paused, by: "key\0id\uDC00",
            changes: new Dictionary<string, SettingChange>
            {
                ["Url\0"] = new("a\0b", "half \uD83D pair"),
                ["Url"] = new(null, "\u0001bell\u0007"),
                [new string('k', 1000)] = new(megabyte, null),
            },
            detail: "Paused: " + megabyte);

        await store.AppendAsync([hostile], CancellationToken.None);
        // Sent again, cleaned the same way: still one event.
        await store.AppendAsync([hostile], CancellationToken.None);

        var page = await store.PageAsync(source, null, new PageRequest(1, 10), CancellationToken.None);
        var read = Assert.Single(page.Items);
        Assert.Equal(@"key\u0000id\uDC00", read.By);
        Assert.StartsWith("Paused: reason \uFFFD reason", read.Detail, StringComparison.Ordinal);
        Assert.InRange(read.Detail.Length, 1000, StorableText.MessageLimit + 1);
        Assert.EndsWith("…", read.Detail, StringComparison.Ordinal);
        Assert.Equal(["Url", @"Url\u0000", new string('k', 256) + "…"], read.Changes.Keys);
        Assert.Equal(new SettingChange("ab", "half \uFFFD pair"), read.Changes[@"Url\u0000"]);
        Assert.Equal(new SettingChange(null, "bell"), read.Changes["Url"]);
        Assert.InRange(read.Changes[new string('k', 256) + "…"].Before!.Length, 1000, StorableText.MessageLimit + 1);
        Assert.All(Texts(read), t => Assert.Null(StorableText.StoreProblem(t)));
    }

    [Theory]
    [InlineData("postgres")]
    [InlineData("memory")]
    public async Task A_source_id_that_is_not_plain_is_stored_and_found_by_the_same_id(string kind)
    {
        await using var postgres = NpgsqlDataSource.Create(db.ConnectionString);
        var store = Create(kind, postgres);
        var odd = Source("odd", kind) + "\0\uD800" + new string('x', 100);
        await store.AppendAsync([Event(odd, T0)], CancellationToken.None);

        var page = await store.PageAsync(odd, null, new PageRequest(1, 10), CancellationToken.None);
        var read = Assert.Single(page.Items);
        Assert.StartsWith(odd[..40] + @"\u0000\uD800xxx", read.Source, StringComparison.Ordinal);
        Assert.Equal(65, read.Source.Length);
    }

    private static DateTime At(int minutes) => T0.AddMinutes(minutes);

    private static IEnumerable<string> Texts(SourceEvent e) =>
        new[] { e.Source, e.Kind, e.By, e.Detail }.Concat(e.Changes.Keys).Concat(e.Changes.Values.SelectMany(c => new[] { c.Before, c.After }).OfType<string>());
}
