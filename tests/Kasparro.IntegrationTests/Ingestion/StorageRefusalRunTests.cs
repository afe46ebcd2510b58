using System.Globalization;
using System.Text;
using Kasparro.Grains.Interfaces.Sources;
using Kasparro.IntegrationTests.Clustering;
using Kasparro.IntegrationTests.Infrastructure;

namespace Kasparro.IntegrationTests.Ingestion;

/// <summary>
/// A row that passes validation but that the database refuses (here: a CHECK constraint of the
/// operator's) is rejected by the run with <c>storage_refused</c>; the rest lands and the source
/// moves past it instead of failing on it forever.
/// </summary>
public sealed class StorageRefusalRunTests(PostgresClusterFixture db) : IClassFixture<PostgresClusterFixture>
{
    [Fact]
    public async Task A_row_only_the_database_refuses_is_rejected_and_the_source_moves_past_it()
    {
        await using var h = await IngestionHarness.StartAsync(await db.NewDatabaseAsync(), [("refusing", 5)]);
        await TestPostgres.ExecuteAsync(h.ConnectionString!, "ALTER TABLE asset_quotes ADD CONSTRAINT ck_test_refuse CHECK (current_price <> 666)");
        var csv = new StringBuilder(MarketCsv.Header).Append('\n');
        for (var i = 0; i < 12; i++)
        {
            var price = i == 6 ? "666" : (10 + i).ToString(CultureInfo.InvariantCulture);
            csv.Append(CultureInfo.InvariantCulture, $"coin-{i},c{i},Coin {i},{price},1000,10,1,2024-01-01T00:{i:00}:00Z\n");
        }

        await File.WriteAllTextAsync(h.FileOf("refusing"), csv.ToString());

        var run = await h.RunToEndAsync("refusing");
        var again = await h.RunToEndAsync("refusing");

        Assert.Equal(RunStatus.Success, run.Status);
        Assert.Equal(12, run.RecordsRead);
        Assert.Equal(11, run.RecordsWritten);
        Assert.Equal(1, run.RecordsRejected);
        Assert.Equal(1, run.Rejections["storage_refused"]);
        Assert.Equal(new FileInfo(h.FileOf("refusing")).Length, run.CheckpointAfter!.Csv!.ByteOffset);
        Assert.Equal(RunStatus.Success, again.Status);
        Assert.Equal(0, again.RecordsRead);

        var counts = await h.CountsAsync("refusing");
        Assert.Equal(11, counts.Assets);
        Assert.Equal(1, counts.Rejected);
        var detail = await TestPostgres.ScalarAsync<string>(h.ConnectionString!, "SELECT detail FROM rejected_records WHERE reason = 'storage_refused'");
        Assert.StartsWith("23514: new row for relation \"asset_quotes\" violates check constraint \"ck_test_refuse\"", detail, StringComparison.Ordinal);
        var payload = await TestPostgres.ScalarAsync<string>(h.ConnectionString!, "SELECT raw_payload FROM rejected_records WHERE reason = 'storage_refused'");
        Assert.Contains("id=coin-6;", payload, StringComparison.Ordinal);
    }
}
