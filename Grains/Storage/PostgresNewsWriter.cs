using Npgsql;
using NpgsqlTypes;

namespace Kasparro.Grains.Storage;

/// <summary>News items of a batch: binary COPY into a staging table, then one set-based upsert.</summary>
internal static class PostgresNewsWriter
{
    private const string CreateNewsStaging = """
        CREATE TEMP TABLE IF NOT EXISTS staging_news (
            item_key text NOT NULL, title text NOT NULL, link text, published_at timestamptz, summary text,
            authors text[] NOT NULL, categories text[] NOT NULL, symbols text[] NOT NULL
        ) ON COMMIT DELETE ROWS
        """;

    private const string CopyNews = """
        COPY staging_news (item_key, title, link, published_at, summary, authors, categories, symbols) FROM STDIN (FORMAT BINARY)
        """;

    // News: one row per (source, item key); a re-read item changes nothing unless its content changed.
    // A written row is linked through 0 (mentions_version): its symbols were matched against the
    // assets known when its run started, so the mention linker matches it against all of them.
    private const string UpsertNews = """
        INSERT INTO news_items AS n (source, item_key, title, link, published_at, summary, authors, categories, symbols, run_id)
        SELECT DISTINCT ON (item_key) @source, item_key, title, link, published_at, summary, authors, categories, symbols, @run_id
        FROM staging_news
        ORDER BY item_key
        ON CONFLICT (source, item_key) DO UPDATE SET
            title = EXCLUDED.title, link = EXCLUDED.link, published_at = EXCLUDED.published_at, summary = EXCLUDED.summary,
            authors = EXCLUDED.authors, categories = EXCLUDED.categories, symbols = EXCLUDED.symbols, run_id = EXCLUDED.run_id,
            ingested_at = now(), mentions_version = 0
        WHERE (n.title, n.link, n.published_at, n.summary, n.authors, n.categories, n.symbols)
              IS DISTINCT FROM
              (EXCLUDED.title, EXCLUDED.link, EXCLUDED.published_at, EXCLUDED.summary, EXCLUDED.authors, EXCLUDED.categories, EXCLUDED.symbols)
        """;

    public static async Task WriteAsync(NpgsqlConnection connection, IngestionBatch batch, CancellationToken cancellationToken)
    {
        await using (var create = new NpgsqlCommand(CreateNewsStaging, connection))
        {
            await create.ExecuteNonQueryAsync(cancellationToken);
        }

        await using (var importer = await connection.BeginBinaryImportAsync(CopyNews, cancellationToken))
        {
            foreach (var n in batch.News)
            {
                await importer.StartRowAsync(cancellationToken);
                await importer.WriteAsync(n.ItemKey, NpgsqlDbType.Text, cancellationToken);
                await importer.WriteAsync(n.Title, NpgsqlDbType.Text, cancellationToken);
                await WriteNullableAsync(importer, n.Link, NpgsqlDbType.Text, cancellationToken);
                await WriteNullableAsync(importer, n.PublishedAt, NpgsqlDbType.TimestampTz, cancellationToken);
                await WriteNullableAsync(importer, n.Summary, NpgsqlDbType.Text, cancellationToken);
                await importer.WriteAsync(n.Authors.ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Text, cancellationToken);
                await importer.WriteAsync(n.Categories.ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Text, cancellationToken);
                await importer.WriteAsync(n.Symbols.ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Text, cancellationToken);
            }

            await importer.CompleteAsync(cancellationToken);
        }

        await using var upsert = new NpgsqlCommand(UpsertNews, connection);
        upsert.Parameters.AddWithValue("source", batch.Source);
        upsert.Parameters.AddWithValue("run_id", batch.RunId);
        await upsert.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task WriteNullableAsync<T>(NpgsqlBinaryImporter importer, T? value, NpgsqlDbType type, CancellationToken cancellationToken)
    {
        if (value is null)
        {
            await importer.WriteNullAsync(cancellationToken);
        }
        else
        {
            await importer.WriteAsync(value, type, cancellationToken);
        }
    }
}
