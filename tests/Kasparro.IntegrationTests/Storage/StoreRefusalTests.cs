using Kasparro.Grains.Interfaces.Assets;
using Kasparro.Grains.Normalization;
using Kasparro.Grains.Storage;
using Kasparro.IntegrationTests.Infrastructure;
using Npgsql;

namespace Kasparro.IntegrationTests.Storage;

/// <summary>
/// A row the store refuses for a data reason is rejected with its reason and the rest of its batch
/// lands, in both stores alike; only infrastructure errors make a write throw.
/// </summary>
public sealed class StoreRefusalTests(MigratedDatabaseFixture db) : IClassFixture<MigratedDatabaseFixture>
{
    private static readonly DateTime T0 = new(2024, 5, 1, 0, 0, 0, DateTimeKind.Utc);

    [Theory]
    [InlineData("postgres")]
    [InlineData("memory")]
    public async Task Unstorable_rows_are_rejected_with_their_reason_and_the_rest_of_the_batch_lands(string kind)
    {
        var source = $"refuse-{kind}";
        var run = Guid.NewGuid();
        await using var postgres = NpgsqlDataSource.Create(db.ConnectionString);
        var memory = new InMemoryIngestionStore();
        IIngestionStore store = kind == "postgres" ? new PostgresIngestionStore(postgres) : memory;
        var quotes = new[]
        {
            Quote(source, run, "good-1", "Good One"),
            Quote(source, run, "nul", "Nul\0Coin"),
            Quote(source, run, "good-2", "Good Two"),
            Quote(source, run, "surrogate", "Half \uD83D"),
            Quote(source, run, new string('i', 255) + "🚀🚀", "Too Long Id"), // 257 characters in 259 UTF-16 units
            Quote(source, run, new string('j', 255) + "🚀", "Long But Fits"), // 256 characters: storable
            Quote(source, run, "good-3", "Good Three"),
        };
        // A reject whose payload and (split) detail PostgreSQL could not hold as they are.
        var rejected = new RejectedRecord(source, run, new string('a', 64), "bad,\0row", RejectionReasons.InvalidNumber, "price is 'x\uD83D'");
        var batch = new IngestionBatch(source, run, quotes, [rejected], []);

        var result = await store.WriteBatchAsync(batch, CancellationToken.None);
        var again = await store.WriteBatchAsync(batch, CancellationToken.None); // idempotent, like every write

        Assert.Equal(4, result.Written);
        Assert.Equal(result.Written, again.Written);
        Assert.Equal(result.Refused.Select(r => r.RecordHash), again.Refused.Select(r => r.RecordHash));
        Assert.All(result.Refused, r => Assert.Equal(RejectionReasons.StorageRefused, r.Reason));
        Assert.Collection(
            result.Refused.Select(r => r.Detail),
            d => Assert.StartsWith("22021: invalid byte sequence", d, StringComparison.Ordinal),
            d => Assert.Contains("lone surrogate U+D83D", d, StringComparison.Ordinal),
            d => Assert.StartsWith("22001: value too long for type character varying(256)", d, StringComparison.Ordinal));
        Assert.Contains("name=Nul\\u0000Coin", result.Refused[0].Payload, StringComparison.Ordinal);

        var landed = (await store.GetAssetsAsync(source, CancellationToken.None)).Select(a => a.ExternalId).ToArray();
        Assert.Equal(["good-1", "good-2", "good-3", new string('j', 255) + "🚀"], landed.Order(StringComparer.Ordinal));

        var stored = kind == "postgres" ? await StoredRejectsAsync(source) : memory.RejectedOf(source);
        Assert.Equal(4, stored.Count);
        Assert.Equal(3, stored.Count(r => r.Reason == RejectionReasons.StorageRefused));
        var kept = Assert.Single(stored, r => r.Reason == RejectionReasons.InvalidNumber);
        Assert.Equal("bad,\\u0000row", kept.Payload);
        Assert.Equal("price is 'x\\uD83D'", kept.Detail);
        Assert.All(stored, r => Assert.Null(StorableText.StoreProblem(r.Payload + r.Detail)));
    }

    public static TheoryData<string, bool> Codes => new()
    {
        { "22003", true }, // numeric value out of range
        { "23514", true }, // check violation
        { "22P05", true }, // untranslatable character
        { "54000", true }, // program limit exceeded
        { "53100", false }, // disk full
        { "53300", false }, // too many connections
        { "42501", false }, // insufficient privilege
        { "57P01", false }, // admin shutdown
        { "40001", false }, // serialization failure
        { "08006", false }, // connection failure
    };

    /// <summary>
    /// A trigger raises the given SQLSTATE for one row: a data error rejects just that row (found by
    /// splitting the batch), an infrastructure error fails the write.
    /// </summary>
    [Theory]
    [MemberData(nameof(Codes))]
    public async Task The_database_refusing_a_row_rejects_it_but_an_infrastructure_error_throws(string sqlState, bool isData)
    {
        var source = $"code-{sqlState}";
        await InstallRefusalTriggerAsync();
        await TestPostgres.ExecuteAsync(db.ConnectionString, $"INSERT INTO test_refusals VALUES ('{source}', 'bad-7', '{sqlState}')");
        var run = Guid.NewGuid();
        var quotes = Enumerable.Range(0, 20).Select(i => Quote(source, run, i == 7 ? "bad-7" : $"ok-{i:00}", $"Coin {i}")).ToArray();
        var reject = new RejectedRecord(source, run, new string('b', 64), "raw", RejectionReasons.InvalidNumber, "price is 'x'");
        var batch = new IngestionBatch(source, run, quotes, [reject], []);
        await using var postgres = NpgsqlDataSource.Create(db.ConnectionString);
        var store = new PostgresIngestionStore(postgres);

        if (!isData)
        {
            var error = await Assert.ThrowsAsync<PostgresException>(() => store.WriteBatchAsync(batch, CancellationToken.None));
            Assert.Equal(sqlState, error.SqlState);
            return;
        }

        var result = await store.WriteBatchAsync(batch, CancellationToken.None);
        Assert.Equal(19, result.Written);
        var refused = Assert.Single(result.Refused);
        Assert.StartsWith($"{sqlState}: test refuses bad-7", refused.Detail, StringComparison.Ordinal);
        Assert.Contains("id=bad-7;", refused.Payload, StringComparison.Ordinal);
        Assert.Equal(19, (await store.GetAssetsAsync(source, CancellationToken.None)).Count);
        var stored = await StoredRejectsAsync(source);
        Assert.Equal(2, stored.Count);
        Assert.Contains(stored, r => r.Reason == RejectionReasons.StorageRefused && r.Detail == refused.Detail);
    }

    [Fact]
    public async Task An_unreachable_database_fails_the_write()
    {
        var closed = new NpgsqlConnectionStringBuilder(db.ConnectionString) { Port = FreePorts.Next(), Timeout = 3 };
        await using var nowhere = NpgsqlDataSource.Create(closed.ConnectionString);
        var store = new PostgresIngestionStore(nowhere);
        var run = Guid.NewGuid();
        var batch = new IngestionBatch("nowhere", run, [Quote("nowhere", run, "a", "A")], [], []);

        var error = await Assert.ThrowsAnyAsync<Exception>(() => store.WriteBatchAsync(batch, CancellationToken.None));
        Assert.False(StorageErrors.IsDataRefusal(error), error.ToString());
    }

    [Fact]
    public async Task A_terminated_backend_fails_the_write()
    {
        await InstallRefusalTriggerAsync();
        await TestPostgres.ExecuteAsync(db.ConnectionString, "INSERT INTO test_refusals VALUES ('terminated', 'slow', 'sleep')");
        await using var postgres = NpgsqlDataSource.Create(db.ConnectionString);
        var store = new PostgresIngestionStore(postgres);
        var run = Guid.NewGuid();
        var batch = new IngestionBatch("terminated", run, [Quote("terminated", run, "slow", "Slow")], [], []);

        var write = store.WriteBatchAsync(batch, CancellationToken.None);
        // The trigger sleeps inside the write; an administrator ends that backend.
        await Eventually.Until(
            () => TestPostgres.ScalarAsync<long>(db.ConnectionString, "SELECT count(*) FROM pg_stat_activity WHERE query LIKE 'COPY asset_quotes%' AND wait_event = 'PgSleep'"),
            n => n > 0, TimeSpan.FromSeconds(30), "the write to sleep in its trigger");
        await TestPostgres.ExecuteAsync(db.ConnectionString,
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE query LIKE 'COPY asset_quotes%' AND wait_event = 'PgSleep'");

        var error = await Assert.ThrowsAnyAsync<Exception>(() => write);
        Assert.False(StorageErrors.IsDataRefusal(error), error.ToString());
    }

    /// <summary>The real errors Npgsql and PostgreSQL raise for unstorable text are classed as data refusals.</summary>
    [Theory]
    [InlineData("nul")]
    [InlineData("surrogate")]
    public async Task Errors_for_unstorable_text_are_data_refusals(string kind)
    {
        // Built here: theory data is serialized, and a lone surrogate would not survive that.
        var text = kind == "nul" ? "nul\0byte" : "lone \uD800 surrogate";
        await using var postgres = NpgsqlDataSource.Create(db.ConnectionString);
        await using var command = postgres.CreateCommand("SELECT @t::text");
        command.Parameters.AddWithValue("t", text);

        var error = await Assert.ThrowsAnyAsync<Exception>(() => command.ExecuteScalarAsync());
        Assert.True(StorageErrors.IsDataRefusal(error), error.ToString());

        // The connection pool still works afterwards.
        Assert.Equal(1, await TestPostgres.ScalarAsync<int>(db.ConnectionString, "SELECT 1"));
    }

    private static AssetQuote Quote(string source, Guid run, string id, string name) =>
        new(source, id, "SYM", name, 1.5m, 1000m, null, -2m, T0, run);

    private async Task InstallRefusalTriggerAsync() => await TestPostgres.ExecuteAsync(db.ConnectionString, """
        CREATE TABLE IF NOT EXISTS test_refusals (source text, external_id text, sql_state text);
        CREATE OR REPLACE FUNCTION test_refuse() RETURNS trigger LANGUAGE plpgsql AS $$
        DECLARE code text;
        BEGIN
            SELECT sql_state INTO code FROM test_refusals WHERE source = NEW.source AND external_id = NEW.external_id;
            IF code = 'sleep' THEN
                PERFORM pg_sleep(60);
            ELSIF code IS NOT NULL THEN
                RAISE EXCEPTION 'test refuses %', NEW.external_id USING ERRCODE = code;
            END IF;
            RETURN NEW;
        END $$;
        CREATE OR REPLACE TRIGGER test_refuse BEFORE INSERT ON asset_quotes FOR EACH ROW EXECUTE FUNCTION test_refuse();
        """);

    private async Task<IReadOnlyList<RejectedRecord>> StoredRejectsAsync(string source)
    {
        await using var connection = new NpgsqlConnection(db.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT source, run_id, record_hash, raw_payload, reason, detail FROM rejected_records WHERE source = @s", connection);
        command.Parameters.AddWithValue("s", source);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<RejectedRecord>();
        while (await reader.ReadAsync())
        {
            rows.Add(new RejectedRecord(reader.GetString(0), reader.GetGuid(1), reader.GetString(2), reader.GetString(3), reader.GetString(4), reader.GetString(5)));
        }

        return rows;
    }
}
