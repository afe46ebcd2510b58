using System.Globalization;
using System.Text;

namespace Kasparro.IntegrationTests.Infrastructure;

/// <summary>
/// Deterministic byte-level mutations of a small valid market CSV, for the fuzz sweep: NUL bytes,
/// random bytes, broken quotes, split multi-byte characters and huge fields. File <c>i</c> of seed
/// <c>s</c> is always the same file. Mutations touch data rows only (never the header line).
/// </summary>
/// <remarks>
/// A row is <em>unmutated</em> when its own bytes and the line break before it are unchanged and no
/// mutation before it added, removed or replaced a double quote: it then starts at a record
/// boundary outside any quoted field, so any CSV parser reads it exactly as in the clean file. Rows
/// after a broken quote may legitimately be swallowed into one field and are not counted.
/// </remarks>
public static class FuzzCsv
{
    public const int Rows = 24;

    /// <summary>The size of a huge field (1 MiB).</summary>
    public const int HugeField = 1 << 20;

    private static readonly DateTime Start = new(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    public static string Id(int row) => $"fz-{row:00}";

    /// <summary>The clean file: a header and <see cref="Rows"/> rows with plain, quoted and multi-byte names.</summary>
    public static string Clean()
    {
        var text = new StringBuilder(MarketCsv.Header).Append('\n');
        for (var i = 0; i < Rows; i++)
        {
            var name = (i % 4) switch
            {
                0 => $"Coin {i}",
                1 => $"\"Coin {i}, Inc.\"",
                2 => $"Café ✓ {i}",
                _ => $"\"Rocket 🚀 {i}\"",
            };
            var time = Start.AddMinutes(i).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
            text.Append(CultureInfo.InvariantCulture, $"{Id(i)},f{i},{name},{1 + (i * 0.25m)},{1000 + i},{i * 10},{(i % 7) - 3},{time}\n");
        }

        return text.ToString();
    }

    public static FuzzFile Make(int seed, int index)
    {
        var clean = Encoding.UTF8.GetBytes(Clean());
        var rowStarts = new List<int>();
        for (var i = 0; i < clean.Length - 1; i++)
        {
            if (clean[i] == '\n')
            {
                rowStarts.Add(i + 1);
            }
        }

        var dataStart = rowStarts[0];
        var random = new Random(unchecked((seed * 7919) + index));
        var mutations = new List<Mutation>();
        var count = random.Next(1, 4);
        for (var m = 0; m < count; m++)
        {
            var mutation = Pick(random, clean, dataStart);
            if (mutations.All(other => other.Position != mutation.Position))
            {
                mutations.Add(mutation);
            }
        }

        var bytes = new List<byte>(clean);
        foreach (var m in mutations.OrderByDescending(m => m.Position))
        {
            if (m.Replace is { } b)
            {
                bytes[m.Position] = b;
            }
            else if (m.Insert is { } insert)
            {
                bytes.InsertRange(m.Position, insert);
            }
            else
            {
                bytes.RemoveAt(m.Position);
            }
        }

        var unmutated = new List<string>();
        for (var r = 0; r < rowStarts.Count; r++)
        {
            var start = rowStarts[r];
            var end = r + 1 < rowStarts.Count ? rowStarts[r + 1] : clean.Length;
            var touched = mutations.Any(m => m.Insert is not null ? m.Position >= start && m.Position < end : m.Position >= start - 1 && m.Position < end);
            var afterQuoteChange = mutations.Any(m => m.ChangesQuotes && m.Position < start);
            if (!touched && !afterQuoteChange)
            {
                unmutated.Add(Id(r));
            }
        }

        return new FuzzFile(index, [.. bytes], [.. mutations.OrderBy(m => m.Position).Select(m => m.Description)], unmutated);
    }

    private static Mutation Pick(Random random, byte[] clean, int dataStart)
    {
        var at = random.Next(dataStart, clean.Length);
        var kind = random.Next(100);
        if (kind < 25)
        {
            return new Mutation(at, [0], null, false, $"NUL inserted at {at}");
        }

        if (kind < 50)
        {
            var b = (byte)random.Next(256);
            return new Mutation(at, null, b, clean[at] == '"' || b == '"', $"byte {at} (0x{clean[at]:X2}) replaced by 0x{b:X2}");
        }

        if (kind < 70)
        {
            var quotes = Enumerable.Range(dataStart, clean.Length - dataStart).Where(i => clean[i] == '"').ToArray();
            return random.Next(2) == 0 && quotes.Length > 0
                ? Deleted(quotes[random.Next(quotes.Length)], "quote deleted")
                : new Mutation(at, [(byte)'"'], null, true, $"quote inserted at {at}");
        }

        if (kind < 90)
        {
            var leads = Enumerable.Range(dataStart, clean.Length - dataStart).Where(i => clean[i] >= 0xC0).ToArray();
            var lead = leads[random.Next(leads.Length)];
            var length = clean[lead] >= 0xF0 ? 4 : clean[lead] >= 0xE0 ? 3 : 2;
            var cut = lead + (random.Next(2) == 0 ? 0 : length - 1);
            return Deleted(cut, $"multi-byte character at {lead} split");
        }

        var huge = random.Next(2) == 0
            ? Enumerable.Repeat((byte)'x', HugeField).ToArray()
            : [.. Enumerable.Repeat("é"u8.ToArray(), HugeField / 2).SelectMany(b => b)];
        return new Mutation(at, huge, null, false, $"1 MiB field inserted at {at}");
    }

    private static Mutation Deleted(int at, string what) => new(at, null, null, what.StartsWith("quote", StringComparison.Ordinal), $"{what} (byte {at} removed)");

    /// <summary>One change at a byte offset of the clean file: an insertion before it, a replacement, or (neither) a deletion.</summary>
    private sealed record Mutation(int Position, byte[]? Insert, byte? Replace, bool ChangesQuotes, string Description);
}
