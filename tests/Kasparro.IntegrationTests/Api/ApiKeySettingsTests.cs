using Kasparro.Api.Hosting;
using Kasparro.Api.Http;
using Kasparro.Grains.Configuration;
using Microsoft.Extensions.Configuration;

namespace Kasparro.IntegrationTests.Api;

/// <summary>
/// The scoped key settings (<c>Kasparro:Api:Keys:{id}</c>) and the older ones as admin keys: what each
/// key becomes (id, scope), and the one-line start-up error of every bad setting. No host is started.
/// </summary>
public sealed class ApiKeySettingsTests
{
    [Fact]
    public void Scoped_keys_get_their_id_and_scope_in_any_case()
    {
        var settings = Load(
            ("Kasparro:Api:Keys:reader:Key", "r-key"), ("Kasparro:Api:Keys:reader:Scope", "read"),
            ("Kasparro:Api:Keys:ci-bot:Key", "o-key"), ("Kasparro:Api:Keys:ci-bot:Scope", "OPERATE"),
            ("Kasparro:Api:Keys:root_1:Key", "a-key"), ("Kasparro:Api:Keys:root_1:Scope", "Admin"));

        Assert.Equal(("reader", ApiScope.Read), Found(settings, "r-key"));
        Assert.Equal(("ci-bot", ApiScope.Operate), Found(settings, "o-key"));
        Assert.Equal(("root_1", ApiScope.Admin), Found(settings, "a-key"));
        Assert.Null(settings.Find("r-key "));
        Assert.Null(settings.Find(null));
        Assert.True(settings.KeyConfigured);
        Assert.Equal("ApiSettings { Keys = [ci-bot (operate, from Kasparro:Api:Keys:ci-bot:Key), reader (read, from Kasparro:Api:Keys:reader:Key), "
            + "root_1 (admin, from Kasparro:Api:Keys:root_1:Key)], RequireKeyForReads = False }", settings.ToString());
    }

    [Fact]
    public void The_older_settings_are_admin_keys_named_after_where_they_come_from()
    {
        WithFile(["# rotated 2026-12-01", "", "  from-file-new  ", "from-file-old"], file =>
        {
            var settings = Load(
                ("Kasparro:Api:ApiKey", "single-key"), ("Kasparro:Api:ApiKeys:0", "listed-a"), ("Kasparro:Api:ApiKeys:3", "listed-b"),
                ("Kasparro:Api:ApiKeyFile", file), ("Kasparro:Api:Keys:ops:Key", "ops-key"), ("Kasparro:Api:Keys:ops:Scope", "operate"));

            Assert.Equal(("default", ApiScope.Admin), Found(settings, "single-key"));
            Assert.Equal(("key-0", ApiScope.Admin), Found(settings, "listed-a"));
            Assert.Equal(("key-3", ApiScope.Admin), Found(settings, "listed-b"));
            Assert.Equal(("file-3", ApiScope.Admin), Found(settings, "from-file-new"));
            Assert.Equal(("file-4", ApiScope.Admin), Found(settings, "from-file-old"));
            Assert.Equal(("ops", ApiScope.Operate), Found(settings, "ops-key"));
            Assert.Equal(6, settings.Keys.Count);
            Assert.DoesNotContain("-key", settings.ToString(), StringComparison.Ordinal);
            Assert.DoesNotContain("from-file-", settings.ToString(), StringComparison.Ordinal);
        });
    }

    [Fact]
    public void A_key_file_of_a_scoped_key_holds_exactly_one_key()
    {
        WithFile(["# the operator key", "  mounted-key  ", ""], file =>
        {
            var settings = Load(("Kasparro:Api:Keys:ops:KeyFile", file), ("Kasparro:Api:Keys:ops:Scope", "operate"));
            Assert.Equal(("ops", ApiScope.Operate), Found(settings, "mounted-key"));
        });

        WithFile(["one-key", "another-key"], file => AssertRefused(
            "Kasparro:Api:Keys:ops:KeyFile is '" + file + "': the file holds 2 keys (lines 1, 2); expected one.",
            ("Kasparro:Api:Keys:ops:KeyFile", file), ("Kasparro:Api:Keys:ops:Scope", "operate")));
        WithFile(["# nothing yet"], file => AssertRefused(
            "Kasparro:Api:Keys:ops:KeyFile is '" + file + "': the file holds no key",
            ("Kasparro:Api:Keys:ops:KeyFile", file), ("Kasparro:Api:Keys:ops:Scope", "operate")));
        AssertRefused("Kasparro:Api:Keys:ops:KeyFile is '/nonexistent/kasparro-key': the file cannot be read",
            ("Kasparro:Api:Keys:ops:KeyFile", "/nonexistent/kasparro-key"), ("Kasparro:Api:Keys:ops:Scope", "operate"));
    }

    [Theory]
    [InlineData("Kasparro:Api:Keys:ops:Scope is missing: expected read, operate or admin.", "ops", "the-key", null)]
    [InlineData("Kasparro:Api:Keys:ops:Scope is 'root': expected read, operate or admin.", "ops", "the-key", "root")]
    [InlineData("Kasparro:Api:Keys:ops:Scope is '2': expected read, operate or admin.", "ops", "the-key", "2")]
    [InlineData("Kasparro:Api:Keys:ops:Key is empty.", "ops", "", "admin")]
    [InlineData("Kasparro:Api:Keys:ops:Key is empty.", "ops", "   ", "admin")]
    [InlineData("Kasparro:Api:Keys:Ops: the key id 'Ops' is not valid: an id is 1 to 64 of a-z, 0-9, '-' and '_'.", "Ops", "the-key", "admin")]
    [InlineData("Kasparro:Api:Keys:ci.bot: the key id 'ci.bot' is not valid", "ci.bot", "the-key", "admin")]
    [InlineData("the key id 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa' is not valid", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "the-key", "admin")]
    public void A_bad_scoped_key_stops_the_start_with_one_line_naming_it(string expected, string id, string? key, string? scope)
    {
        var values = new List<(string, string)>();
        if (key is not null)
        {
            values.Add(($"Kasparro:Api:Keys:{id}:Key", key));
        }

        if (scope is not null)
        {
            values.Add(($"Kasparro:Api:Keys:{id}:Scope", scope));
        }

        AssertRefused(expected, [.. values]);
    }

    [Fact]
    public void A_key_needs_a_key_or_a_file_but_not_both()
    {
        AssertRefused("Kasparro:Api:Keys:ops:Key is missing: set it, or Kasparro:Api:Keys:ops:KeyFile to a file holding the key.",
            ("Kasparro:Api:Keys:ops:Scope", "operate"));
        AssertRefused("Kasparro:Api:Keys:ops sets both Key and KeyFile: set one of them.",
            ("Kasparro:Api:Keys:ops:Key", "k"), ("Kasparro:Api:Keys:ops:KeyFile", "/run/secrets/k"), ("Kasparro:Api:Keys:ops:Scope", "operate"));
    }

    [Fact]
    public void A_key_or_an_id_configured_twice_is_refused_without_quoting_the_key()
    {
        AssertRefused("Kasparro:Api:Keys:ops:Key holds the same key as Kasparro:Api:ApiKey (ids 'ops' and 'default'): configure each key once, with one scope.",
            ("Kasparro:Api:ApiKey", "shared-secret"), ("Kasparro:Api:Keys:ops:Key", "shared-secret"), ("Kasparro:Api:Keys:ops:Scope", "operate"));
        AssertRefused("Kasparro:Api:Keys:b:Key holds the same key as Kasparro:Api:Keys:a:Key (ids 'b' and 'a')",
            ("Kasparro:Api:Keys:a:Key", "shared-secret"), ("Kasparro:Api:Keys:a:Scope", "read"),
            ("Kasparro:Api:Keys:b:Key", "shared-secret"), ("Kasparro:Api:Keys:b:Scope", "admin"));
        AssertRefused("Kasparro:Api:Keys:default:Key and Kasparro:Api:ApiKey both make the key id 'default': each key needs an id of its own.",
            ("Kasparro:Api:ApiKey", "one"), ("Kasparro:Api:Keys:default:Key", "two"), ("Kasparro:Api:Keys:default:Scope", "read"));
        AssertRefused("Kasparro:Api:ApiKeys:x.y makes the key id 'key-x.y': an id is 1 to 64 of a-z, 0-9, '-' and '_'.",
            ("Kasparro:Api:ApiKeys:x.y", "one"));
    }

    [Fact]
    public void Reads_protected_need_some_key_and_every_failure_is_reported_on_one_line()
    {
        AssertRefused("Kasparro:Api:RequireKeyForReads is true but no key is set (Kasparro:Api:Keys:{id}:Key, Kasparro:Api:ApiKey",
            ("Kasparro:Api:RequireKeyForReads", "true"));
        Assert.True(Load(("Kasparro:Api:RequireKeyForReads", "true"), ("Kasparro:Api:Keys:r:Key", "k"), ("Kasparro:Api:Keys:r:Scope", "read")).RequireKeyForReads);

        var both = Assert.Throws<KasparroConfigurationException>(() => Load(
            ("Kasparro:Api:Keys:a:Key", "k1"), ("Kasparro:Api:Keys:b:Key", "k2"), ("Kasparro:Api:Keys:b:Scope", "nope")));
        Assert.Equal("Kasparro:Api:Keys:a:Scope is missing: expected read, operate or admin.; Kasparro:Api:Keys:b:Scope is 'nope': expected read, operate or admin.",
            both.Message);
    }

    private static (string Id, ApiScope Scope) Found(ApiSettings settings, string key) =>
        settings.Find(key) is { } entry ? (entry.Id, entry.Scope) : throw new Xunit.Sdk.XunitException($"{key} is not accepted");

    private static void AssertRefused(string expected, params (string Key, string Value)[] values)
    {
        var error = Assert.Throws<KasparroConfigurationException>(() => Load(values));
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
        foreach (var (key, value) in values.Where(v => v.Key.EndsWith(":Key", StringComparison.Ordinal) && v.Value.Trim().Length > 2))
        {
            Assert.False(error.Message.Contains(value, StringComparison.Ordinal), $"the message quotes the key of {key}");
        }
    }

    private static ApiSettings Load(params (string Key, string Value)[] values) =>
        ApiSettings.Load(new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => KeyValuePair.Create(v.Key, (string?)v.Value))).Build());

    private static void WithFile(string[] lines, Action<string> test)
    {
        var file = Path.GetTempFileName();
        try
        {
            File.WriteAllLines(file, lines);
            test(file);
        }
        finally
        {
            File.Delete(file);
        }
    }
}
