namespace Kasparro.Grains.Storage;

/// <summary>The check both stores make before writing a batch, so that they refuse the same rows the same way.</summary>
public static class StorageScreen
{
    /// <summary>
    /// The batch without the rows every store refuses (their stand-ins join its rejects), and its
    /// rejects made storable. The common batch has nothing to screen and comes back as it was.
    /// With <paramref name="rows"/> false only the rejects are looked at (they are few; the rows
    /// are many, and PostgreSQL checks them anyway).
    /// </summary>
    public static (IngestionBatch Batch, List<RejectedRecord> Refused) Apply(IngestionBatch batch, bool rows = true)
    {
        ArgumentNullException.ThrowIfNull(batch);
        List<RejectedRecord> refused = [];
        var quotes = rows ? Keep(batch.Quotes, StorageRefusals.Check, StorageRefusals.Refused, refused) : batch.Quotes;
        var news = rows ? Keep(batch.News, StorageRefusals.Check, StorageRefusals.Refused, refused) : batch.News;
        var rejected = batch.Rejected.Select(StorageRefusals.Storable).Concat(refused).ToList();
        var unchanged = refused.Count == 0 && rejected.SequenceEqual(batch.Rejected, ReferenceEqualityComparer.Instance);
        return (unchanged ? batch : batch with { Quotes = quotes, News = news, Rejected = rejected }, refused);
    }

    private static IReadOnlyList<T> Keep<T>(
        IReadOnlyList<T> rows, Func<T, string?> check, Func<T, string, RejectedRecord> refuse, List<RejectedRecord> refused)
    {
        List<T>? kept = null;
        for (var i = 0; i < rows.Count; i++)
        {
            if (check(rows[i]) is { } problem)
            {
                kept ??= [.. rows.Take(i)];
                refused.Add(refuse(rows[i], problem));
            }
            else
            {
                kept?.Add(rows[i]);
            }
        }

        return kept ?? rows;
    }
}
