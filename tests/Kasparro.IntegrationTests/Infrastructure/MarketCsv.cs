using System.Globalization;
using System.Text;

namespace Kasparro.IntegrationTests.Infrastructure;

/// <summary>
/// Deterministic market CSV files whose correct ingestion result is known in advance: row i is
/// asset <c>coin-(i mod assets)</c> at minute i / assets, every 37th row (from the 6th) has a bad
/// price, every 50th row is written twice.
/// </summary>
public static class MarketCsv
{
    public const string Header = "id,symbol,name,price,market_cap,volume_24h,price_change_24h,timestamp";
    private static readonly DateTime Start = new(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    public static bool IsInvalid(int i) => i % 37 == 5;

    public static bool IsDoubled(int i) => i % 50 == 49;

    public static string Row(int i, int assets)
    {
        var id = i % assets;
        var price = IsInvalid(i) ? "abc" : (1 + (i % 997) / 10m).ToString(CultureInfo.InvariantCulture);
        var time = Start.AddMinutes(i / assets).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
        return $"coin-{id},c{id},\"Coin {id}, Inc.\",{price},{id * 1000 + 1},{i},{(i % 21) - 10},{time}";
    }

    public static string Rows(int from, int to, int assets)
    {
        var text = new StringBuilder();
        for (var i = from; i < to; i++)
        {
            text.Append(Row(i, assets)).Append('\n');
            if (IsDoubled(i))
            {
                text.Append(Row(i, assets)).Append('\n');
            }
        }

        return text.ToString();
    }

    public static string Write(string path, int rows, int assets)
    {
        File.WriteAllText(path, Header + "\n" + Rows(0, rows, assets));
        return path;
    }

    public static void Append(string path, int from, int to, int assets) => File.AppendAllText(path, Rows(from, to, assets));

    /// <summary>What a correct ingestion of rows [0, rows) stores.</summary>
    public static Expected ExpectedFor(int rows, int assets)
    {
        var valid = Enumerable.Range(0, rows).Where(i => !IsInvalid(i)).ToArray();
        var rejected = Enumerable.Range(0, rows).Where(IsInvalid).Sum(i => IsDoubled(i) ? 2 : 1);
        var lines = rows + Enumerable.Range(0, rows).Count(IsDoubled);
        return new Expected(valid.Select(i => i % assets).Distinct().Count(), valid.Length, rejected, lines);
    }

    public sealed record Expected(long Assets, long Quotes, long Rejected, long Lines);
}
