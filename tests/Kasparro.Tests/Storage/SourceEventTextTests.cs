using Kasparro.Grains.Interfaces.Control;
using Kasparro.Grains.Storage;

namespace Kasparro.Tests.Storage;

/// <summary>How an audit event is made storable and how its changes are written as jsonb, without a database.</summary>
public sealed class SourceEventTextTests
{
    private static readonly DateTime T0 = new(2026, 11, 30, 9, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void Changes_are_written_with_names_as_they_are_and_null_values_as_json_null()
    {
        var json = SettingChangesJson.Write(new Dictionary<string, SettingChange>
        {
            ["Columns:symbol"] = new(null, "ticker"),
            ["Url"] = new("a\"b\\c", null),
        });

        Assert.Equal("""{"Columns:symbol":{"before":null,"after":"ticker"},"Url":{"before":"a\u0022b\\c","after":null}}""", json);
    }

    [Fact]
    public void Changes_read_back_in_ordinal_name_order_whatever_order_jsonb_keeps_them_in()
    {
        // jsonb orders keys by length first: what PostgreSQL gives back is not the order written.
        var read = SettingChangesJson.Read("""{"Url":{"before":"x","after":null},"Interval":{"before":null,"after":"00:01:00"},"Columns:symbol":{}}""");

        Assert.Equal(["Columns:symbol", "Interval", "Url"], read.Keys);
        Assert.Equal(new SettingChange(null, null), read["Columns:symbol"]);
        Assert.Equal(new SettingChange("x", null), read["Url"]);
    }

    [Fact]
    public void Names_that_cannot_be_stored_are_escaped_so_two_names_stay_two()
    {
        var e = new SourceEvent(Guid.NewGuid(), "src", T0, SourceEventKinds.Replaced, "k", 1, new Dictionary<string, SettingChange>
        {
            ["Url"] = new("1", "2"),
            ["Url\0"] = new("3", "4"),
            ["Url\uD800"] = new("5", "6"),
        }, "d");

        var stored = StorableSourceEvent.From(e);

        Assert.Equal(["Url", @"Url\u0000", @"Url\uD800"], stored.Changes.Keys);
        Assert.Equal(stored.Changes.Keys, SettingChangesJson.Read(SettingChangesJson.Write(stored.Changes)).Keys);
    }

    [Fact]
    public void Clean_events_are_stored_as_they_are()
    {
        var changes = new Dictionary<string, SettingChange> { ["Interval"] = new("00:05:00", "00:01:00") };
        var e = new SourceEvent(Guid.NewGuid(), "exchange-b", T0.AddTicks(10), SourceEventKinds.Paused, "ops", null, changes, "Paused: maintenance.\nBack at 18:00.");

        var stored = StorableSourceEvent.From(e);

        Assert.Equal(e with { Changes = stored.Changes }, stored);
        Assert.Equal(changes, stored.Changes);
    }

    [Fact]
    public void A_local_time_is_stored_as_the_same_instant_in_utc()
    {
        var local = T0.ToLocalTime();
        var e = new SourceEvent(Guid.NewGuid(), "s", local, SourceEventKinds.Reset, "ops", 2, new Dictionary<string, SettingChange>(), "");

        var stored = StorableSourceEvent.From(e);

        Assert.Equal((T0, DateTimeKind.Utc), (stored.At, stored.At.Kind));
    }
}
