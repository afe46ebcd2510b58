using System.Globalization;
using System.Text;

namespace Kasparro.Benchmarks;

/// <summary>Writes an N-row market CSV in the default column layout: `assets` coins, one row per coin and minute.</summary>
internal static class BenchmarkCsv
{
    public static void Write(string path, int rows, int assets)
    {
        var start = new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        using var writer = new StreamWriter(path, false, new UTF8Encoding(false), 1 << 20);
        writer.Write("id,symbol,name,price,market_cap,volume_24h,price_change_24h,timestamp\n");
        var line = new StringBuilder(160);
        for (var i = 0; i < rows; i++)
        {
            var coin = i % assets;
            var minute = i / assets;
            line.Clear()
                .Append("coin-").Append(coin).Append(",c").Append(coin).Append(",Coin ").Append(coin).Append(',')
                .Append((1 + (i % 9973) / 100m).ToString(CultureInfo.InvariantCulture)).Append(',')
                .Append((coin * 1000L) + minute).Append(',')
                .Append(i).Append(',')
                .Append(((i % 201) - 100) / 10m).Append(',')
                .Append(start.AddMinutes(minute).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture))
                .Append('\n');
            writer.Write(line);
        }
    }
}
